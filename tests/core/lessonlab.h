#pragma once

// The lesson figures test's workbench: runs a shipped scenario (on its own seed, or with overrides and
// injections), keeps its final state and a plain copy of its trace, and finds the numbers a lesson's text
// states (tests/core/tst_lessonfigures.cpp; docs/scenario-format.md, "Lessons").

#include "faults/faultinjector.h"
#include "faults/injectionspec.h"
#include "lessons/checkjudge.h"
#include "lessons/checkstate.h"
#include "scenario/scenariobuilder.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"
#include "sim/simulation.h"
#include "trace/traceobserver.h"
#include "trace/tracerecord.h"

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>

namespace eventloom::test {

/// One trace record with its names resolved.
struct Row {
    SimTime t = 0;
    QString kind, outcome, service, group, topic, type, key, detail;
    int instance = -1, partition = -1, attempt = 0;
    qint64 offset = -1, aux = 0;
    std::uint32_t message = 0;
    QJsonObject data; ///< the message's payload, on a published or command row
};

class RowRecorder final : public TraceObserver {
public:
    std::vector<Row> rows;
    void onTrace(const TraceRecord& r, const Simulation& sim) override
    {
        const auto text
            = [](std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); };
        Row row;
        row.t = r.t;
        row.kind = text(traceKindName(r.kind));
        row.outcome = text(outcomeName(r.outcome));
        if (r.service != kNoIndex)
            row.service = text(sim.serviceName(r.service));
        if (r.group != kNoIndex)
            row.group = text(sim.log().text(sim.bus().group(r.group).name));
        if (r.topic != kNoIndex)
            row.topic = text(sim.log().text(sim.bus().topic(r.topic).name));
        if (r.message != kNoMessage) {
            const Event& e = sim.log().at(r.message);
            row.type = text(sim.log().text(e.type));
            row.key = text(sim.log().text(e.key));
            row.message = r.message;
            if (r.kind == TraceKind::Published || r.kind == TraceKind::CommandSent)
                row.data = sim.log().payloadJson(e);
        }
        row.detail = text(sim.log().text(r.detail));
        row.instance = r.instance == kNoIndex ? -1 : r.instance;
        row.partition = r.partition;
        row.attempt = r.attempt;
        row.offset = r.offset;
        row.aux = r.aux;
        rows.push_back(std::move(row));
    }
};

/// A finished run: its state (what checks and figures read) and its trace.
struct LabRun {
    std::unique_ptr<Simulation> sim;
    QJsonObject state;
    std::vector<Row> rows;
    /// When message `seq` was published (or sent).
    SimTime publishedAt(std::uint32_t seq) const
    {
        for (const Row& r : rows)
            if (r.message == seq && (r.kind == QLatin1String("published") || r.kind == QLatin1String("command")))
                return r.t;
        throw std::runtime_error("message never published");
    }
};

/// A claim could not be computed (a name missing, a run that failed to load): the test reports it.
struct LabError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Lab {
public:
    explicit Lab(const QString& id)
        : m_id(id)
    {
        QFile file(ShippedScenarios::resolve(id));
        if (!file.open(QIODevice::ReadOnly))
            throw LabError("no shipped scenario " + id.toStdString());
        m_config = QJsonDocument::fromJson(file.readAll()).object();
    }

    const QString& id() const { return m_id; }
    /// The scenario file as written: a claim about the configuration reads it.
    const QJsonObject& config() const { return m_config; }

    /// The run on the scenario's own seed with `sets` (`--set`) and `injects` (`--inject`), to its end.
    const LabRun& run(const QStringList& sets = {}, const QStringList& injects = {})
    {
        const QString key = sets.join(u'\n') + u'\x1f' + injects.join(u'\n');
        auto found = m_runs.find(key);
        if (found != m_runs.end())
            return found->second;
        return execute(key, ScenarioLoader::loadFile(ShippedScenarios::resolve(m_id), sets), injects);
    }

    /// The run of a copy of the scenario that `edit` changed — what `--set` cannot do, such as moving a
    /// saga's step — on its own seed, to its end; `name` tells the copies apart.
    const LabRun& runEdited(const QString& name, const std::function<void(QJsonObject&)>& edit)
    {
        const QString key = u'\x1e' + name;
        auto found = m_runs.find(key);
        if (found != m_runs.end())
            return found->second;
        QJsonObject copy = m_config;
        edit(copy);
        return execute(
            key, ScenarioLoader::loadText(QJsonDocument(copy).toJson(), m_id + QStringLiteral(" (") + name + u')'), {});
    }

    /// A check expression's number on `state` (a run's, or the configuration).
    static double number(const QJsonObject& state, const QString& expression)
    {
        CheckExpression::Error error;
        const auto e = CheckExpression::parse(expression, error);
        if (!e)
            throw LabError("bad expression " + expression.toStdString() + ": " + error.message.toStdString());
        const auto result = e->evaluate(state); // "passes" only for true; the value is what counts here
        if (result.value.isUndefined() || result.value.isNull())
            throw LabError(expression.toStdString() + ": " + result.detail.toStdString());
        if (result.value.isString()) { // a duration as a scenario file writes it ("8ms")
            const auto d = parseDuration(result.value.toString().toStdString());
            if (!d)
                throw LabError(expression.toStdString() + " is not a number");
            return static_cast<double>(*d);
        }
        if (result.value.isBool())
            return result.value.toBool() ? 1 : 0;
        return result.value.toDouble();
    }

private:
    const LabRun& execute(const QString& key, const ScenarioLoader::Result& loaded, const QStringList& injects)
    {
        if (!loaded.ok())
            throw LabError(m_id.toStdString() + ": " + loaded.errors.front().toString().toStdString());
        LabRun run;
        run.sim = ScenarioBuilder::build(*loaded.scenario);
        for (const QString& text : injects) {
            QString problem;
            const auto spec = InjectionSpec::parse(text, problem);
            if (!spec)
                throw LabError(problem.toStdString());
            FaultInjector::schedule(*spec, *run.sim);
        }
        RowRecorder recorder;
        run.sim->addObserver(&recorder);
        CheckJudge judge(loaded.scenario->checks);
        judge.run(*run.sim, loaded.scenario->until, 2'000'000'000ull);
        run.sim->finish();
        run.state = CheckState::of(*run.sim);
        run.rows = std::move(recorder.rows);
        return m_runs.emplace(key, std::move(run)).first->second;
    }

    QString m_id;
    QJsonObject m_config;
    std::map<QString, LabRun> m_runs;
};

/// A number in a lesson's text, where it is and what it says there.
struct FoundNumber {
    QString literal; ///< as written ("1,161,000", "13.1")
    QString where; ///< "steps[2].text"
};

/// What the text's value is: "1,161,000" → 1161000.
inline double literalValue(const QString& literal)
{
    QString digits = literal;
    digits.remove(u',');
    return digits.toDouble();
}

/// The numbers a lesson text states, minus the few that are not figures (docs/scenario-format.md,
/// "Lessons"): numbers inside `{{…}}`; digits that are part of a name (`order-000001`, `sku-1`,
/// `inventory#0`, `p50`, `10-new-consumer`); a Markdown ordered-list marker; code spans and fenced code
/// that are inputs — an injection spec (the loader validates it), a command line (`eventloom-cli …`,
/// `--set …`) — and, in a step's text or action, a number its own `inject` spec contains (it restates it).
inline std::vector<FoundNumber> numbersIn(const QString& text, const QString& where, const QString& inject = {})
{
    QString t = text;
    static const QRegularExpression placeholder(QStringLiteral("\\{\\{[^}]*\\}\\}"));
    t.replace(placeholder, QStringLiteral(" "));
    // Inputs in code: blanked out.
    static const QRegularExpression code(
        QStringLiteral("```(.*?)```|`([^`\\n]*)`"), QRegularExpression::DotMatchesEverythingOption);
    for (auto it = code.globalMatch(t); it.hasNext();) {
        const auto m = it.next();
        const QString body = (m.captured(1).isNull() ? m.captured(2) : m.captured(1)).trimmed();
        QString problem;
        const bool input = body.startsWith(QLatin1String("eventloom-cli")) || body.startsWith(QLatin1String("--"))
            || ((body.contains(u'=') || body.contains(u'@')) && InjectionSpec::parse(body, problem).has_value());
        if (input)
            t.replace(m.capturedStart(), m.capturedLength(), QString(m.capturedLength(), u' '));
    }
    std::vector<FoundNumber> out;
    static const QRegularExpression number(QStringLiteral("\\d+(?:[.,]\\d+)*"));
    for (auto it = number.globalMatch(t); it.hasNext();) {
        const auto m = it.next();
        const qsizetype s = m.capturedStart();
        const qsizetype e = m.capturedEnd();
        const QChar before = s > 0 ? t[s - 1] : QChar();
        const QChar before2 = s > 1 ? t[s - 2] : QChar();
        if (before.isLetter() || before == u'#' || before == u'_')
            continue; // p50, inventory#0, sku_1
        if ((before == u'-' || before == u'.') && before2.isLetterOrNumber())
            continue; // order-000001, subscriptions.0
        if (e + 1 < t.size() && t[e] == u'-' && t[e + 1].isLetter())
            continue; // 10-new-consumer
        const qsizetype lineStart = s > 0 ? t.lastIndexOf(u'\n', s - 1) + 1 : 0;
        if (t.mid(lineStart, s - lineStart).trimmed().isEmpty() && e < t.size() && t[e] == u'.' && e + 1 < t.size()
            && t[e + 1] == u' ')
            continue; // "1. " starts an ordered list item
        if (!inject.isEmpty()
            && QRegularExpression(
                QStringLiteral("(?<![\\d.])") + QRegularExpression::escape(m.captured()) + QStringLiteral("(?![\\d.])"))
                   .match(inject)
                   .hasMatch())
            continue; // the step restates its own injection
        out.push_back({ m.captured(), where });
    }
    return out;
}

} // namespace eventloom::test
