-- a seed that is not a number (it used to replay as seed 0).
UPDATE run SET value = 'forty-two' WHERE key = 'seed';
