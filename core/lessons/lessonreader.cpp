#include "lessonreader.h"

#include "../faults/injectionspec.h"
#include "../scenario/scenario.h"
#include "../scenario/scenarioloader.h"
#include "../scenario/scenarioreader.h"
#include "checkstate.h"

#include <QJsonArray>
#include <QSet>

namespace eventloom {

namespace {
    using Reader = ScenarioReader;

    constexpr qsizetype kMaxChecks = 100;
    constexpr qsizetype kMaxSteps = 50;
    constexpr qsizetype kMaxChoices = 8;

    /// A string, or an array of strings joined by newlines (long Markdown reads better as lines).
    QString text(Reader& r, const QJsonObject& o, const QString& path, const char* key, bool required)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isArray()) {
            QStringList lines;
            const QJsonArray array = v.toArray();
            for (qsizetype i = 0; i < array.size(); ++i) {
                if (!array[i].isString())
                    r.error(Reader::at(Reader::join(path, QLatin1String(key)), i), QStringLiteral("expected a string (one line of text)"));
                lines << array[i].toString();
            }
            return lines.join(u'\n');
        }
        return r.string(o, path, key, required);
    }

    QStringList strings(Reader& r, const QJsonObject& o, const QString& path, const char* key, qsizetype max)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        QStringList out;
        if (v.isUndefined())
            return out;
        const QString p = Reader::join(path, QLatin1String(key));
        if (!v.isArray()) {
            r.error(p, QStringLiteral("expected an array of strings"));
            return out;
        }
        const QJsonArray array = v.toArray();
        if (array.size() > max)
            r.error(p, QStringLiteral("at most %1 entries, got %2").arg(max).arg(array.size()));
        for (qsizetype i = 0; i < array.size() && i < max; ++i) {
            if (!array[i].isString() || array[i].toString().isEmpty())
                r.error(Reader::at(p, i), QStringLiteral("expected a non-empty string"));
            out << array[i].toString();
        }
        return out;
    }

    void readChecks(Reader& r, const QJsonObject& root, Scenario& s)
    {
        const QJsonValue v = root.value(QLatin1String("checks"));
        if (v.isUndefined())
            return;
        if (!v.isArray()) {
            r.error(QStringLiteral("checks"), QStringLiteral("expected an array of checks"));
            return;
        }
        QStringList serviceIds;
        for (const ServiceSpec& svc : s.services)
            serviceIds << svc.id;
        for (const SagaDefinition& saga : s.sagas)
            if (saga.style == SagaDefinition::Style::Orchestration)
                serviceIds << QString::fromStdString(saga.coordinator);
        if (s.workload)
            serviceIds << QStringLiteral("workload");
        const QStringList roots = CheckState::rootNames(serviceIds);

        const QJsonArray array = v.toArray();
        if (array.size() > kMaxChecks)
            r.error(QStringLiteral("checks"), QStringLiteral("at most %1 checks, got %2").arg(kMaxChecks).arg(array.size()));
        QSet<QString> ids;
        for (qsizetype i = 0; i < array.size() && i < kMaxChecks; ++i) {
            const QString path = Reader::at(QStringLiteral("checks"), i);
            if (!array[i].isObject()) {
                r.error(path, QStringLiteral("expected an object {\"id\": …, \"expect\": …}"));
                continue;
            }
            const QJsonObject o = array[i].toObject();
            r.allowOnly(o, path, { "id", "title", "expect", "when" });
            ScenarioCheck check;
            check.id = r.string(o, path, "id", true);
            if (!check.id.isEmpty() && ids.contains(check.id))
                r.error(Reader::join(path, QStringLiteral("id")), QStringLiteral("duplicate check id '") + check.id + u'\'');
            ids.insert(check.id);
            check.title = r.string(o, path, "title", false, check.id);
            const QString when = r.string(o, path, "when", false, QStringLiteral("end"));
            if (when != QLatin1String("end") && when != QLatin1String("always"))
                r.error(Reader::join(path, QStringLiteral("when")), QStringLiteral("expected \"end\" or \"always\""));
            check.when = when == QLatin1String("always") ? ScenarioCheck::When::Always : ScenarioCheck::When::End;
            check.expect = r.string(o, path, "expect", true);
            const QString expectPath = Reader::join(path, QStringLiteral("expect"));
            if (!check.expect.isEmpty()) {
                CheckExpression::Error error;
                check.expression = CheckExpression::parse(check.expect, error);
                if (!check.expression) {
                    r.errorInString(expectPath, error.column, error.message);
                } else {
                    for (const auto& [name, column] : check.expression->rootNames()) {
                        if (roots.contains(name))
                            continue;
                        const QString near = Reader::closest(name, roots);
                        r.errorInString(expectPath, column,
                            QStringLiteral("unknown name '%1'").arg(name)
                                + (near.isEmpty() ? QStringLiteral(" (a counter such as 'events', a service id, 'services', 'readModels', 'topics' or 'groups')")
                                                  : QStringLiteral(" (did you mean '%1'?)").arg(near)));
                    }
                }
            }
            s.checks.push_back(std::move(check));
        }
    }

    void readQuestion(Reader& r, const QJsonObject& step, const QString& stepPath, LessonStep& out)
    {
        const QJsonValue v = step.value(QLatin1String("question"));
        if (v.isUndefined())
            return;
        const QString path = Reader::join(stepPath, QStringLiteral("question"));
        if (!v.isObject()) {
            r.error(path, QStringLiteral("expected an object {\"prompt\": …, \"choices\": […], \"answer\": N}"));
            return;
        }
        const QJsonObject o = v.toObject();
        r.allowOnly(o, path, { "prompt", "choices", "answer", "explanation" });
        LessonQuestion q;
        q.prompt = text(r, o, path, "prompt", true);
        q.choices = strings(r, o, path, "choices", kMaxChoices);
        if (q.choices.size() < 2)
            r.error(o.contains(QLatin1String("choices")) ? Reader::join(path, QStringLiteral("choices")) : path,
                QStringLiteral("a question needs at least two choices"));
        if (!o.contains(QLatin1String("answer")))
            r.error(path, QStringLiteral("missing required field 'answer' (the index of the right choice)"));
        q.answer = static_cast<int>(r.integer(o, path, "answer", 0, 0, std::max<qsizetype>(0, q.choices.size() - 1)));
        q.explanation = text(r, o, path, "explanation", true);
        out.question = std::move(q);
    }

    void readLesson(Reader& r, const QJsonObject& root, Scenario& s)
    {
        const QJsonValue v = root.value(QLatin1String("lesson"));
        if (v.isUndefined())
            return;
        const QString path = QStringLiteral("lesson");
        if (!v.isObject()) {
            r.error(path, QStringLiteral("expected an object {\"title\": …, \"goals\": […], \"steps\": […]}"));
            return;
        }
        const QJsonObject o = v.toObject();
        r.allowOnly(o, path, { "title", "summary", "goals", "steps" });
        Lesson lesson;
        lesson.title = r.string(o, path, "title", false, s.title);
        lesson.summary = text(r, o, path, "summary", false);
        lesson.goals = strings(r, o, path, "goals", 20);

        QSet<QString> checkIds;
        for (const ScenarioCheck& c : s.checks)
            checkIds.insert(c.id);
        const QJsonValue steps = o.value(QLatin1String("steps"));
        const QString stepsPath = Reader::join(path, QStringLiteral("steps"));
        if (!steps.isArray() || steps.toArray().isEmpty()) {
            r.error(steps.isUndefined() ? path : stepsPath,
                steps.isUndefined() ? QStringLiteral("missing required field 'steps'") : QStringLiteral("expected a non-empty array of steps"));
        }
        const QJsonArray array = steps.toArray();
        if (array.size() > kMaxSteps)
            r.error(stepsPath, QStringLiteral("at most %1 steps, got %2").arg(kMaxSteps).arg(array.size()));
        for (qsizetype i = 0; i < array.size() && i < kMaxSteps; ++i) {
            const QString stepPath = Reader::at(stepsPath, i);
            if (!array[i].isObject()) {
                r.error(stepPath, QStringLiteral("expected an object {\"title\": …, \"text\": …}"));
                continue;
            }
            const QJsonObject so = array[i].toObject();
            r.allowOnly(so, stepPath, { "title", "text", "action", "inject", "question", "checks" });
            LessonStep step;
            step.title = r.string(so, stepPath, "title", true);
            step.text = text(r, so, stepPath, "text", true);
            step.action = r.string(so, stepPath, "action", false);
            step.inject = r.string(so, stepPath, "inject", false);
            if (!step.inject.isEmpty()) {
                QString problem;
                const auto spec = InjectionSpec::parse(step.inject, problem);
                if (spec)
                    problem = ScenarioLoader::checkInjection(*spec, s);
                if (!problem.isEmpty())
                    r.error(Reader::join(stepPath, QStringLiteral("inject")), problem);
            }
            readQuestion(r, so, stepPath, step);
            step.checks = strings(r, so, stepPath, "checks", kMaxChecks);
            const QStringList known(checkIds.begin(), checkIds.end());
            for (qsizetype k = 0; k < step.checks.size(); ++k)
                if (!step.checks[k].isEmpty() && !checkIds.contains(step.checks[k])) {
                    const QString near = Reader::closest(step.checks[k], known);
                    r.error(Reader::at(Reader::join(stepPath, QStringLiteral("checks")), k),
                        QStringLiteral("no check with id '%1' in this scenario's 'checks'").arg(step.checks[k])
                            + (near.isEmpty() ? QString() : QStringLiteral(" (did you mean '%1'?)").arg(near)));
                }
            lesson.steps.push_back(std::move(step));
        }
        s.lesson = std::move(lesson);
    }
}

void readChecksAndLesson(ScenarioReader& reader, const QJsonObject& root, Scenario& scenario)
{
    readChecks(reader, root, scenario);
    readLesson(reader, root, scenario);
}

} // namespace eventloom
