// An outside judge for our CloudEvents export: the CloudEvents SDK for JavaScript (npm "cloudevents")
// must accept every event of the batch as valid CloudEvents 1.0 (strict validation).
// usage: node cloudevents-judge.js BATCH.json   (NODE_PATH must reach the installed module)
const fs = require('fs');
const { CloudEvent } = require('cloudevents');
const batch = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
if (!Array.isArray(batch)) {
    console.error('not a JSON array (application/cloudevents-batch+json)');
    process.exit(1);
}
let valid = 0;
for (const event of batch) {
    try {
        new CloudEvent(event, true).validate();
        valid++;
    } catch (err) {
        console.error(`event ${valid + 1} (${event.id}): ${err.message} ${JSON.stringify(err.errors || '')}`);
        process.exit(1);
    }
}
console.log(`${valid} valid CloudEvents 1.0`);
