#include "runcomparison.h"

#include "../trace/runcounters.h"
#include "recordformats.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <map>
#include <tuple>

namespace eventloom {

namespace {
QString qstr(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

/// The engine's own counting (RunCounters::count) fed from stored records, so a run cut short, or
/// recorded without a summary, is counted exactly as the engine counted it.
void count(RunCounters& counters, const RecordView& r)
{
    const auto kind = traceKindFromName(r.kind);
    if (!kind) {
        ++counters.records; // an imported kind this version does not know: a record all the same
        return;
    }
    TraceRecord t;
    t.t = r.t;
    t.kind = *kind;
    t.outcome = r.outcome == "failed" ? HandleOutcome::Failed : HandleOutcome::None;
    t.phase = sagaPhaseFromName(r.phase).value_or(SagaPhase::None);
    t.topic = r.topic.empty() ? kNoIndex : 0;
    t.aux = r.aux;
    counters.count(t);
}

QString correlationOf(const RecordView& r)
{
    if (r.message && !r.message->correlation.empty())
        return qstr(r.message->correlation);
    return qstr(r.subject);
}

RunComparison::Run describe(const RunFile& file)
{
    RunComparison::Run run;
    const RunInfo info = file.info();
    run.path = file.path();
    run.origin = file.origin();
    run.scenarioId = info.scenarioId;
    run.scenarioJson = info.scenarioJson;
    run.overrides = info.overrides;
    run.title = QJsonDocument::fromJson(info.scenarioJson).object().value(QStringLiteral("title")).toString();
    run.seed = info.seed;
    run.until = info.until;
    run.finished = file.finished();
    run.fingerprint = file.fingerprint();
    run.simTime = file.simTime();
    run.injections = file.injections();
    return run;
}

/// One row of a final-state query: ordered by (s1, s2, n) exactly as SQLite's ORDER BY with BINARY
/// collation orders them (bytewise text, then integers), so two runs' rows merge in one pass.
struct StateRow {
    std::string s1, s2;
    std::int64_t n = 0;
    std::string value;
    auto key() const { return std::tie(s1, s2, n); }
};

/// The final states found in the records (saga outcomes, committed offsets), gathered while the records
/// are walked: the same rows, in the same order, as kStates' queries over `records` would give, without
/// another pass over the file (in schema 3 the `records` view decodes every trace block per query).
class RecordStates {
public:
    void add(const RecordView& r)
    {
        if (r.kind == "saga" && !r.subject.empty()) {
            for (const char* phase : { "started", "completed", "compensated", "stuck" })
                if (r.phase == phase)
                    m_sagas[{ std::string(r.subject), std::string(), 0 }]
                        = r.phase == "started" ? std::string("running") : std::string(r.phase);
        } else if (r.kind == "committed" || r.kind == "offset-reset") {
            m_offsets[{ std::string(r.group), std::string(r.topic), r.partition }]
                = r.offset < 0 ? std::string() : std::to_string(r.offset);
        }
    }
    /// The rows of category `category` ("saga", "offset"), ordered by key.
    std::vector<StateRow> rows(std::string_view category) const
    {
        std::vector<StateRow> rows;
        for (const auto& [key, value] : category == "saga" ? m_sagas : m_offsets)
            rows.push_back({ std::get<0>(key), std::get<1>(key), std::get<2>(key), value });
        return rows;
    }

private:
    /// The last record's value by key: records come in id order, so the last is the one with the largest id.
    using Key = std::tuple<std::string, std::string, std::int64_t>;
    std::map<Key, std::string> m_sagas, m_offsets;
};

/// One category's rows, gathered by a walk, in key order.
class StateQuery {
public:
    explicit StateQuery(std::vector<StateRow> rows)
        : m_rows(std::move(rows))
    {
        advance();
    }
    const StateRow* row() const { return m_has ? &m_row : nullptr; }
    void advance()
    {
        m_has = m_next < m_rows.size();
        if (m_has) {
            m_row = std::move(m_rows[m_next++]);
            ++m_count;
        }
    }
    std::int64_t count() const { return m_count; }

private:
    std::vector<StateRow> m_rows;
    std::size_t m_next = 0;
    StateRow m_row;
    bool m_has = false;
    std::int64_t m_count = 0;
};

/// A category of final states: gathered from the records (RecordStates) or the messages (lastEventPerKey).
struct StateSpec {
    const char* category;
    const char* title;
};

// SQLite takes a bare column of an aggregate query with max() from the row holding the maximum:
// each item's last record. Absent text is '' and absent numbers -1, so NULLs never upset the order.
// A group's committed offset moves by `committed` records, and by `offset-reset` ones (offset = the new one).
const StateSpec kStates[] = {
    // Each saga's last phase; each group's last committed offset per partition (a `committed` record, or an
    // `offset-reset` one whose offset is the new one): RecordStates.
    { "saga", "saga outcomes" },
    { "offset", "committed offsets" },
    { "key", "last event per key" },
};

/// The type of each (topic, key)'s last event, by topic and key: read by RunFile (a schema 4 file's message
/// blocks parsed in C++, not decoded by the `messages` view for every message).
std::vector<StateRow> lastEventPerKey(RunFile& file, QString& error)
{
    std::map<std::pair<std::string, std::string>, std::string> last;
    file.forEachMessage(
        [&](const MessageView& m) {
            if (!m.key.empty())
                last[{ std::string(m.topic), std::string(m.key) }] = m.type;
            return true;
        },
        error, {}, true);
    std::vector<StateRow> rows;
    rows.reserve(last.size());
    for (auto& [key, type] : last)
        rows.push_back({ key.first, key.second, 0, std::move(type) });
    return rows;
}

QString itemName(const StateSpec& spec, const StateRow& row)
{
    const QString s1 = QString::fromStdString(row.s1), s2 = QString::fromStdString(row.s2);
    if (std::string_view(spec.category) == "offset")
        return s1 + QStringLiteral(" · ") + s2 + QStringLiteral("[%1]").arg(row.n);
    if (std::string_view(spec.category) == "key")
        return s1 + QStringLiteral(" · ") + s2;
    return s1;
}

bool compareStates(RunFile& fa, RunFile& fb, const RecordStates& sa, const RecordStates& sb, RunComparison& result)
{
    for (const StateSpec& spec : kStates) {
        const bool byKey = std::string_view(spec.category) == "key";
        QString errorA, errorB;
        StateQuery qa(byKey ? lastEventPerKey(fa, errorA) : sa.rows(spec.category));
        StateQuery qb(byKey ? lastEventPerKey(fb, errorB) : sb.rows(spec.category));
        RunComparison::StateCategory category { QString::fromLatin1(spec.category), QString::fromUtf8(spec.title) };
        int listed = 0;
        const auto differ = [&](const StateRow& row, const QString& a, const QString& b) {
            ++category.differences;
            if (listed++ < RunComparison::kMaxListedDifferences)
                result.stateDifferences.push_back({ category.category, itemName(spec, row), a, b });
        };
        while (qa.row() || qb.row()) {
            const StateRow* x = qa.row();
            const StateRow* y = qb.row();
            if (x && (!y || x->key() < y->key())) {
                differ(*x, QString::fromStdString(x->value), {});
                qa.advance();
            } else if (y && (!x || y->key() < x->key())) {
                differ(*y, {}, QString::fromStdString(y->value));
                qb.advance();
            } else {
                if (x->value != y->value)
                    differ(*x, QString::fromStdString(x->value), QString::fromStdString(y->value));
                qa.advance();
                qb.advance();
            }
        }
        for (const QString& error : { errorA, errorB })
            if (!error.isEmpty()) {
                result.error = error;
                return false;
            }
        category.itemsA = qa.count();
        category.itemsB = qb.count();
        result.stateCategories.push_back(category);
    }
    return true;
}

std::vector<RunComparison::Counter> counterRows(const RunCounters& ca, const RunCounters& cb,
    const RunComparison::Run& ra, const RunComparison::Run& rb, const QJsonObject& sa, const QJsonObject& sb)
{
    std::vector<RunComparison::Counter> rows;
    const auto add = [&](const char* key, const char* label, std::uint64_t a, std::uint64_t b) {
        rows.push_back({ QString::fromLatin1(key), QString::fromUtf8(label), static_cast<std::int64_t>(a),
            static_cast<std::int64_t>(b) });
    };
    add("records", "trace records", ca.records, cb.records);
    add("events", "events published", ca.events, cb.events);
    add("commands", "commands sent", ca.commands, cb.commands);
    add("deliveries", "deliveries", ca.deliveries, cb.deliveries);
    add("duplicateDeliveries", "duplicate deliveries", ca.duplicateDeliveries, cb.duplicateDeliveries);
    add("redeliveries", "redeliveries", ca.redeliveries, cb.redeliveries);
    add("dropped", "dropped", ca.dropped, cb.dropped);
    add("deadLettered", "dead-lettered", ca.deadLettered, cb.deadLettered);
    add("duplicateEffects", "duplicate effects", ca.duplicateEffects, cb.duplicateEffects);
    add("orderViolations", "order violations", ca.orderViolations, cb.orderViolations);
    add("rejected", "rejected commands", ca.rejected, cb.rejected);
    add("appendConflicts", "append conflicts", ca.appendConflicts, cb.appendConflicts);
    add("staleReads", "stale reads", ca.staleReads, cb.staleReads);
    add("failed", "failed handlings", ca.failed, cb.failed);
    add("retries", "retries", ca.retries, cb.retries);
    add("delayed", "delayed deliveries", ca.delayed, cb.delayed);
    add("crashes", "crashes", ca.crashes, cb.crashes);
    add("sagas.started", "sagas started", ca.sagas.started, cb.sagas.started);
    add("sagas.completed", "sagas completed", ca.sagas.completed, cb.sagas.completed);
    add("sagas.compensated", "sagas compensated", ca.sagas.compensated, cb.sagas.compensated);
    add("sagas.stuck", "sagas stuck", ca.sagas.stuck, cb.sagas.stuck);
    rows.push_back({ QStringLiteral("simTimeUs"), QStringLiteral("simulated time"), ra.simTime, rb.simTime, true });
    // What only the recorded summary knows (a run cut short has none).
    const auto fromSummary = [](const QJsonObject& s, const QString& key) -> std::optional<std::int64_t> {
        const QJsonValue v = s.value(QStringLiteral("latency")).toObject().value(key);
        if (v.isUndefined())
            return std::nullopt;
        return v.toInteger();
    };
    for (const auto& [key, label] : { std::pair { "p50Us", "order latency p50" },
             std::pair { "p95Us", "order latency p95" }, std::pair { "p99Us", "order latency p99" } }) {
        const QString k = QString::fromLatin1(key);
        rows.push_back({ QStringLiteral("latency.") + k, QString::fromLatin1(label), fromSummary(sa, k),
            fromSummary(sb, k), true });
    }
    const auto failedChecks = [](const QJsonObject& s) -> std::optional<std::int64_t> {
        if (!s.contains(QStringLiteral("checks")))
            return std::nullopt;
        std::int64_t failed = 0;
        for (const QJsonValue& c : s.value(QStringLiteral("checks")).toArray())
            failed += c.toObject().value(QStringLiteral("passed")).toBool() ? 0 : 1;
        return failed;
    };
    rows.push_back(
        { QStringLiteral("checksFailed"), QStringLiteral("checks failed"), failedChecks(sa), failedChecks(sb) });
    return rows;
}

QStringList warningsFor(const RunComparison::Run& a, const RunComparison::Run& b)
{
    QStringList w;
    if (a.scenarioId != b.scenarioId)
        w << QStringLiteral("different scenarios (%1 and %2): the runs share no trace to compare record by record")
                 .arg(a.scenarioId, b.scenarioId);
    else if (a.scenarioJson != b.scenarioJson)
        w << QStringLiteral("the scenario documents differ (--set overrides or an edited file)");
    if (a.seed != b.seed)
        w << QStringLiteral("different seeds (%1 and %2)").arg(a.seed).arg(b.seed);
    if (a.until != b.until)
        w << QStringLiteral("different time limits (%1 and %2)")
                 .arg(QString::fromStdString(formatDuration(a.until)), QString::fromStdString(formatDuration(b.until)));
    for (const RunComparison::Run* r : { &a, &b })
        if (!r->finished)
            w << QStringLiteral("%1 was cut short: it has no fingerprint, and its records stop early").arg(r->path);
    return w;
}

QJsonObject runJson(const RunComparison::Run& r)
{
    QJsonArray injections;
    for (const RecordedInjection& i : r.injections)
        injections.append(
            QJsonObject { { QStringLiteral("spec"), i.spec }, { QStringLiteral("atUs"), static_cast<qint64>(i.at) },
                { QStringLiteral("effectiveUs"), static_cast<qint64>(i.effective) } });
    return {
        { QStringLiteral("path"), r.path },
        { QStringLiteral("origin"), r.origin },
        { QStringLiteral("scenario"), r.scenarioId },
        { QStringLiteral("title"), r.title },
        { QStringLiteral("seed"), static_cast<qint64>(r.seed) },
        { QStringLiteral("untilUs"), static_cast<qint64>(r.until) },
        { QStringLiteral("simTimeUs"), static_cast<qint64>(r.simTime) },
        { QStringLiteral("finished"), r.finished },
        { QStringLiteral("fingerprint"), r.fingerprint },
        { QStringLiteral("records"), static_cast<qint64>(r.records) },
        { QStringLiteral("injections"), injections },
        { QStringLiteral("overrides"), QJsonArray::fromStringList(r.overrides) },
    };
}

QString injectionList(const RunComparison::Run& r)
{
    if (r.injections.empty())
        return QStringLiteral("none");
    QStringList specs;
    for (const RecordedInjection& i : r.injections)
        specs << i.spec;
    return specs.join(QStringLiteral(", "));
}

QString counterValue(const RunComparison::Counter& c, const std::optional<std::int64_t>& v)
{
    if (!v)
        return QStringLiteral("—");
    return c.isTime ? QString::fromStdString(formatDuration(*v)) : QString::number(*v);
}
}

void RunComparison::recordLine(std::string& out, const RecordView* record)
{
    out.clear();
    std::string problem;
    if (record && !recordformats::appendJsonl(out, *record, problem))
        out = "(record " + std::to_string(record->id) + " cannot be written: " + problem + ")";
}

QString RunComparison::recordLine(const RecordView* record)
{
    std::string out;
    recordLine(out, record);
    return QString::fromStdString(out);
}

bool RunComparison::identical() const
{
    return ok && !divergence && a.finished && b.finished && !a.fingerprint.isEmpty() && a.fingerprint == b.fingerprint;
}

RunComparison RunComparison::compare(const QString& pathA, const QString& pathB, const std::atomic<bool>* cancel)
{
    RunComparison result;
    RunFile fa, fb;
    if (!fa.open(pathA, result.error) || !fb.open(pathB, result.error))
        return result;
    result.a = describe(fa);
    result.b = describe(fb);
    result.warnings = warningsFor(result.a, result.b);

    // One pass over both traces in step: lines are rendered only until the first difference, after
    // which each side is merely counted.
    RunCounters ca, cb;
    RecordStates sa, sb;
    RunFile::RecordCursor xa = fa.records(), xb = fb.records();
    std::string la, lb;
    SimTime lastA = 0, lastB = 0;
    const RecordView* x = xa.next();
    const RecordView* y = xb.next();
    std::int64_t position = 0;
    while (x || y) {
        ++position;
        if (cancel && (position & 4095) == 1 && cancel->load(std::memory_order_relaxed)) {
            result.cancelled = true;
            result.error = QStringLiteral("cancelled");
            return result;
        }
        if (!result.divergence) {
            recordLine(la, x);
            recordLine(lb, y);
            result.comparedRecords = position;
            if (la != lb) {
                Divergence d;
                d.record = position;
                d.t = x && y ? std::min(x->t, y->t) : (x ? x->t : y->t);
                d.a = QString::fromStdString(la);
                d.b = QString::fromStdString(lb);
                d.correlation = x ? correlationOf(*x) : QString();
                if (d.correlation.isEmpty() && y)
                    d.correlation = correlationOf(*y);
                result.divergence = d;
            }
        }
        if (x) {
            count(ca, *x);
            sa.add(*x);
            lastA = x->t;
            x = xa.next();
        }
        if (y) {
            count(cb, *y);
            sb.add(*y);
            lastB = y->t;
            y = xb.next();
        }
    }
    for (const QString& error : { xa.error(), xb.error() })
        if (!error.isEmpty()) {
            result.error = error;
            return result;
        }
    // A difference may be damage that still reads as data: that is a damaged file, not a different run.
    if (result.divergence && (!fa.checkIntact(result.error) || !fb.checkIntact(result.error)))
        return result;
    result.a.records = static_cast<std::int64_t>(ca.records);
    result.b.records = static_cast<std::int64_t>(cb.records);
    if (!result.a.finished)
        result.a.simTime = lastA;
    if (!result.b.finished)
        result.b.simTime = lastB;
    result.counters = counterRows(ca, cb, result.a, result.b, fa.summary(), fb.summary());
    if (!compareStates(fa, fb, sa, sb, result))
        return result;
    result.ok = true;
    return result;
}

QJsonObject RunComparison::toJson() const
{
    QJsonArray warningArray;
    for (const QString& w : warnings)
        warningArray.append(w);
    QJsonArray counterArray;
    for (const Counter& c : counters) {
        QJsonObject o { { QStringLiteral("name"), c.key }, { QStringLiteral("label"), c.label },
            { QStringLiteral("a"), c.a ? QJsonValue(static_cast<qint64>(*c.a)) : QJsonValue() },
            { QStringLiteral("b"), c.b ? QJsonValue(static_cast<qint64>(*c.b)) : QJsonValue() },
            { QStringLiteral("differs"), c.differs() } };
        counterArray.append(o);
    }
    QJsonValue divergenceValue;
    if (divergence)
        divergenceValue = QJsonObject {
            { QStringLiteral("record"), static_cast<qint64>(divergence->record) },
            { QStringLiteral("tUs"), static_cast<qint64>(divergence->t) },
            { QStringLiteral("correlation"), divergence->correlation },
            { QStringLiteral("a"), divergence->a.isEmpty() ? QJsonValue() : QJsonValue(divergence->a) },
            { QStringLiteral("b"), divergence->b.isEmpty() ? QJsonValue() : QJsonValue(divergence->b) },
        };
    QJsonArray categories;
    for (const StateCategory& c : stateCategories) {
        QJsonArray items;
        for (const StateDifference& d : stateDifferences)
            if (d.category == c.category)
                items.append(QJsonObject { { QStringLiteral("item"), d.item },
                    { QStringLiteral("a"), d.a.isEmpty() ? QJsonValue() : QJsonValue(d.a) },
                    { QStringLiteral("b"), d.b.isEmpty() ? QJsonValue() : QJsonValue(d.b) } });
        categories.append(QJsonObject { { QStringLiteral("category"), c.category },
            { QStringLiteral("title"), c.title }, { QStringLiteral("itemsA"), static_cast<qint64>(c.itemsA) },
            { QStringLiteral("itemsB"), static_cast<qint64>(c.itemsB) },
            { QStringLiteral("differences"), static_cast<qint64>(c.differences) },
            { QStringLiteral("listed"), items } });
    }
    return {
        { QStringLiteral("a"), runJson(a) },
        { QStringLiteral("b"), runJson(b) },
        { QStringLiteral("identical"), identical() },
        { QStringLiteral("sameScenario"), sameScenario() },
        { QStringLiteral("warnings"), warningArray },
        { QStringLiteral("fingerprintsEqual"), !a.fingerprint.isEmpty() && a.fingerprint == b.fingerprint },
        { QStringLiteral("comparedRecords"), static_cast<qint64>(comparedRecords) },
        { QStringLiteral("divergence"), divergenceValue },
        { QStringLiteral("counters"), counterArray },
        { QStringLiteral("finalState"), categories },
    };
}

QString RunComparison::toText() const
{
    QString out;
    const auto line
        = [&out](const QString& label, const QString& value) { out += label.leftJustified(22) + value + u'\n'; };
    for (const auto& [name, r] : { std::pair { "A", &a }, std::pair { "B", &b } })
        line(QStringLiteral("run %1").arg(QLatin1String(name)),
            QStringLiteral("%1  (%2%6, seed %3, %4; injections: %5)")
                .arg(r->path, r->scenarioId)
                .arg(r->seed)
                .arg(r->until > 0 ? QStringLiteral("until ") + QString::fromStdString(formatDuration(r->until))
                                  : QStringLiteral("until quiet"),
                    injectionList(*r),
                    r->overrides.isEmpty() ? QString() : QStringLiteral(" with ") + r->overrides.join(u' ')));
    const auto fp
        = [](const Run& r) { return r.fingerprint.isEmpty() ? QStringLiteral("(none: cut short)") : r.fingerprint; };
    line(QStringLiteral("fingerprints"),
        QStringLiteral("%1  %2  %3")
            .arg(fp(a), fp(b),
                !a.fingerprint.isEmpty() && a.fingerprint == b.fingerprint ? QStringLiteral("equal")
                                                                           : QStringLiteral("DIFFERENT")));
    if (divergence) {
        line(QStringLiteral("first divergence"),
            QStringLiteral("record #%1 at %2%3")
                .arg(divergence->record)
                .arg(QString::fromStdString(formatDuration(divergence->t)),
                    divergence->correlation.isEmpty() ? QString()
                                                      : QStringLiteral(" (") + divergence->correlation + u')'));
        line(
            QStringLiteral("  A"), divergence->a.isEmpty() ? QStringLiteral("(none: run A ends here)") : divergence->a);
        line(
            QStringLiteral("  B"), divergence->b.isEmpty() ? QStringLiteral("(none: run B ends here)") : divergence->b);
    } else {
        line(QStringLiteral("first divergence"), QStringLiteral("none: all %1 records identical").arg(comparedRecords));
    }
    for (const QString& w : warnings)
        line(QStringLiteral("warning"), w);
    out += u'\n';
    out += QStringLiteral("counter").leftJustified(22) + QStringLiteral("A").rightJustified(14)
        + QStringLiteral("B").rightJustified(14) + QStringLiteral("  B-A\n");
    for (const Counter& c : counters) {
        QString delta;
        if (c.differs() && c.a && c.b) {
            const std::int64_t d = *c.b - *c.a;
            const QString sign = d > 0 ? QStringLiteral("+") : QStringLiteral("-");
            const QString amount
                = c.isTime ? QString::fromStdString(formatDuration(d > 0 ? d : -d)) : QString::number(d > 0 ? d : -d);
            delta = QStringLiteral("  %1%2").arg(sign, amount);
        } else if (c.differs()) {
            delta = QStringLiteral("  differs");
        }
        out += c.label.leftJustified(22) + counterValue(c, c.a).rightJustified(14)
            + counterValue(c, c.b).rightJustified(14) + delta + u'\n';
    }
    out += u'\n';
    for (const StateCategory& c : stateCategories) {
        out += QStringLiteral("final %1: ").arg(c.title)
            + (c.differences == 0 ? QStringLiteral("the same (%1)\n").arg(c.itemsA)
                                  : QStringLiteral("%1 differ (of %2 in A, %3 in B)\n")
                                        .arg(c.differences)
                                        .arg(c.itemsA)
                                        .arg(c.itemsB));
        for (const StateDifference& d : stateDifferences)
            if (d.category == c.category)
                out += QStringLiteral("  %1: %2 → %3\n")
                           .arg(d.item, d.a.isEmpty() ? QStringLiteral("(none)") : d.a,
                               d.b.isEmpty() ? QStringLiteral("(none)") : d.b);
        if (c.differences > kMaxListedDifferences)
            out += QStringLiteral("  … and %1 more\n").arg(c.differences - kMaxListedDifferences);
    }
    out += identical() ? QStringLiteral("the runs are identical\n") : QStringLiteral("the runs differ\n");
    return out;
}

} // namespace eventloom
