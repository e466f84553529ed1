#include "lessonreader.h"

#include "../check/deliverychecker.h"
#include "../faults/injectionspec.h"
#include "../scenario/scenario.h"
#include "../scenario/scenarioloader.h"
#include "../scenario/scenariooverrides.h"
#include "../scenario/scenarioreader.h"
#include "checkstate.h"
#include "lessonfigures.h"

#include <QJsonArray>
#include <QSet>

namespace eventloom {

namespace {
using Reader = ScenarioReader;

constexpr qsizetype kMaxChecks = 100;
constexpr qsizetype kMaxSteps = 50;
constexpr qsizetype kMaxChoices = 8;
constexpr qsizetype kMaxFigures = 50;
constexpr qsizetype kMaxVariants = 16;
constexpr qsizetype kMaxVariantChanges = 16;
constexpr qsizetype kMaxConcepts = 8;
constexpr qsizetype kMaxConceptLength = 40; // a few words: the start page lists them on one line with the title

/// A string, or an array of strings joined by newlines (long Markdown reads better as lines).
QString text(Reader& r, const QJsonObject& o, const QString& path, const char* key, bool required)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isArray()) {
        QStringList lines;
        const QJsonArray array = v.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array[i].isString())
                r.error(Reader::at(Reader::join(path, QLatin1String(key)), i),
                    QStringLiteral("expected a string (one line of text)"));
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

/// The top-level names a check or a figure of `s` may read.
QStringList rootNames(const Scenario& s)
{
    QStringList serviceIds;
    for (const ServiceSpec& svc : s.services)
        serviceIds << svc.id;
    for (const SagaDefinition& saga : s.sagas)
        if (saga.style == SagaDefinition::Style::Orchestration)
            serviceIds << QString::fromStdString(saga.coordinator);
    if (s.workload)
        serviceIds << QStringLiteral("workload");
    return CheckState::rootNames(serviceIds);
}

/// Compiles the expression at `path`, refusing names no run of the scenario has.
std::optional<CheckExpression> compile(Reader& r, const QString& text, const QString& path, const QStringList& roots)
{
    CheckExpression::Error error;
    auto expression = CheckExpression::parse(text, error);
    if (!expression) {
        r.errorInString(path, error.column, error.message);
        return expression;
    }
    for (const auto& [name, column] : expression->rootNames()) {
        if (roots.contains(name))
            continue;
        const QString near = Reader::closest(name, roots);
        r.errorInString(path, column,
            QStringLiteral("unknown name '%1'").arg(name)
                + (near.isEmpty() ? QStringLiteral(
                       " (a counter such as 'events', a service id, 'services', 'readModels', 'topics' or 'groups')")
                                  : QStringLiteral(" (did you mean '%1'?)").arg(near)));
    }
    return expression;
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
    const QStringList roots = rootNames(s);

    const QJsonArray array = v.toArray();
    if (array.size() > kMaxChecks)
        r.error(
            QStringLiteral("checks"), QStringLiteral("at most %1 checks, got %2").arg(kMaxChecks).arg(array.size()));
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
            r.error(
                Reader::join(path, QStringLiteral("id")), QStringLiteral("duplicate check id '") + check.id + u'\'');
        ids.insert(check.id);
        check.title = r.string(o, path, "title", false, check.id);
        const QString when = r.string(o, path, "when", false, QStringLiteral("end"));
        if (when != QLatin1String("end") && when != QLatin1String("always"))
            r.error(Reader::join(path, QStringLiteral("when")), QStringLiteral("expected \"end\" or \"always\""));
        check.when = when == QLatin1String("always") ? ScenarioCheck::When::Always : ScenarioCheck::When::End;
        check.expect = r.string(o, path, "expect", true);
        const QString expectPath = Reader::join(path, QStringLiteral("expect"));
        if (!check.expect.isEmpty()) {
            check.expression = compile(r, check.expect, expectPath, roots);
        }
        s.checks.push_back(std::move(check));
    }
}

void readFigures(Reader& r, const QJsonObject& lesson, const Scenario& s, Lesson& out)
{
    const QJsonValue v = lesson.value(QLatin1String("figures"));
    if (v.isUndefined())
        return;
    const QString path = QStringLiteral("lesson.figures");
    if (!v.isObject()) {
        r.error(path, QStringLiteral("expected an object {\"name\": \"expression\", …}"));
        return;
    }
    const QJsonObject figures = v.toObject();
    if (figures.size() > kMaxFigures)
        r.error(path, QStringLiteral("at most %1 figures, got %2").arg(kMaxFigures).arg(figures.size()));
    const QStringList roots = rootNames(s);
    static const std::vector<std::pair<QString, LessonFigure::Format>> formats { { QStringLiteral("number"),
                                                                                     LessonFigure::Format::Number },
        { QStringLiteral("integer"), LessonFigure::Format::Integer },
        { QStringLiteral("decimal"), LessonFigure::Format::Decimal },
        { QStringLiteral("duration"), LessonFigure::Format::Duration } };
    for (auto it = figures.begin(); it != figures.end() && static_cast<qsizetype>(out.figures.size()) < kMaxFigures;
         ++it) {
        const QString figurePath = Reader::join(path, it.key());
        LessonFigure figure;
        figure.name = it.key();
        if (!LessonFigures::isName(figure.name))
            r.error(figurePath, QStringLiteral("a figure's name is a letter followed by letters and digits"), true);
        QString valuePath = figurePath;
        if (it.value().isString()) {
            figure.value = it.value().toString();
        } else if (it.value().isObject()) {
            const QJsonObject o = it.value().toObject();
            r.allowOnly(o, figurePath, { "value", "format" });
            figure.value = r.string(o, figurePath, "value", true);
            valuePath = Reader::join(figurePath, QStringLiteral("value"));
            const QString format = r.string(o, figurePath, "format", false, QStringLiteral("number"));
            const auto f
                = std::find_if(formats.begin(), formats.end(), [&](const auto& x) { return x.first == format; });
            if (f == formats.end())
                r.error(Reader::join(figurePath, QStringLiteral("format")),
                    QStringLiteral("expected \"number\", \"integer\", \"decimal\" or \"duration\""));
            else
                figure.format = f->second;
        } else {
            r.error(figurePath, QStringLiteral("expected an expression, or an object {\"value\": …, \"format\": …}"));
            continue;
        }
        if (figure.value.isEmpty())
            r.error(valuePath, QStringLiteral("expected an expression such as 'appendConflicts'"));
        else
            figure.expression = compile(r, figure.value, valuePath, roots);
        out.figures.push_back(std::move(figure));
    }
}

/// Checks the `{{name}}` placeholders of the text at `key` of `o` (a string or an array of lines):
/// each names a figure, or, where `allowed` is false, there are none.
void checkPlaceholders(
    Reader& r, const QJsonObject& o, const QString& path, const char* key, const Lesson& lesson, bool allowed)
{
    QStringList names;
    for (const LessonFigure& f : lesson.figures)
        names << f.name;
    const auto check = [&](const QJsonValue& value, const QString& at) {
        for (const LessonFigures::Placeholder& p : LessonFigures::placeholders(value.toString())) {
            const int column = static_cast<int>(p.offset) + 1;
            if (!allowed)
                r.errorInString(at, column,
                    QStringLiteral(
                        "figures are filled in only in a step's text, its action and a question's explanation"
                        " (a title, a prompt, a choice or a unit is read before the run has a value, and a choice "
                        "would give the answer away)"));
            else if (!p.closed)
                r.errorInString(at, column, QStringLiteral("'{{' is not closed by '}}'"));
            else if (p.name.isEmpty())
                r.errorInString(at, column,
                    QStringLiteral("'{{}}' names no figure: write {{name}} with a name from lesson.figures"));
            else if (!names.contains(p.name)) {
                const QString near = Reader::closest(p.name, names);
                r.errorInString(at, column,
                    QStringLiteral("no figure named '%1' in lesson.figures").arg(p.name)
                        + (near.isEmpty() ? QString() : QStringLiteral(" (did you mean '%1'?)").arg(near)));
            }
        }
    };
    const QJsonValue v = o.value(QLatin1String(key));
    const QString p = Reader::join(path, QLatin1String(key));
    if (v.isString()) {
        check(v, p);
    } else if (v.isArray()) {
        const QJsonArray array = v.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            if (array[i].isString())
                check(array[i], Reader::at(p, i));
    }
}

/// An estimate question's `estimate` object and `unit`: a figure of the lesson and a tolerance.
LessonEstimate readEstimate(Reader& r, const QJsonObject& question, const QString& questionPath, const Lesson& lesson)
{
    LessonEstimate e;
    const QString path = Reader::join(questionPath, QStringLiteral("estimate"));
    const QJsonValue v = question.value(QLatin1String("estimate"));
    if (!v.isObject()) {
        r.error(path, QStringLiteral("expected an object {\"figure\": …, \"tolerance\": …}"));
        return e;
    }
    const QJsonObject o = v.toObject();
    r.allowOnly(o, path, { "figure", "tolerance", "tolerancePercent" });
    e.figure = r.string(o, path, "figure", true);
    QStringList names;
    for (const LessonFigure& f : lesson.figures)
        names << f.name;
    const auto figure = std::find_if(
        lesson.figures.begin(), lesson.figures.end(), [&](const LessonFigure& f) { return f.name == e.figure; });
    if (!e.figure.isEmpty() && figure == lesson.figures.end()) {
        const QString near = Reader::closest(e.figure, names);
        r.error(Reader::join(path, QStringLiteral("figure")),
            QStringLiteral(
                "no figure named '%1' in lesson.figures (the right answer is always the run's value of a figure)")
                    .arg(e.figure)
                + (near.isEmpty() ? QString() : QStringLiteral(" (did you mean '%1'?)").arg(near)));
    }
    const bool duration = figure != lesson.figures.end() && figure->format == LessonFigure::Format::Duration;
    if (!o.contains(QLatin1String("tolerance")) && !o.contains(QLatin1String("tolerancePercent")))
        r.error(path,
            QStringLiteral(
                "an estimate needs a 'tolerance' (absolute) or a 'tolerancePercent' (of the run's value), or both"));
    const QJsonValue tolerance = o.value(QLatin1String("tolerance"));
    const QString tolerancePath = Reader::join(path, QStringLiteral("tolerance"));
    constexpr double kMaxTolerance = 1e12; // a band wider than any count a run can make
    if (duration) // in the figure's own unit: a duration such as "5ms", or whole microseconds
        e.tolerance = static_cast<double>(r.duration(tolerance, tolerancePath, 0));
    else if (!tolerance.isUndefined()
        && (!tolerance.isDouble() || tolerance.toDouble() < 0 || tolerance.toDouble() > kMaxTolerance))
        r.error(tolerancePath,
            QStringLiteral("expected a number of at least 0 (how far off a right estimate may be), at most 10^12"));
    else
        e.tolerance = tolerance.toDouble(0);
    e.tolerancePercent = r.number(o, path, "tolerancePercent", 0, 0, 100);
    e.unit = r.string(question, questionPath, "unit", false);
    if (duration && question.contains(QLatin1String("unit")))
        r.error(Reader::join(questionPath, QStringLiteral("unit")),
            QStringLiteral("a duration is estimated in milliseconds, its unit shown by the panel: leave 'unit' out"));
    return e;
}

void readQuestion(Reader& r, const QJsonObject& step, const QString& stepPath, const Lesson& lesson, LessonStep& out)
{
    const QJsonValue v = step.value(QLatin1String("question"));
    if (v.isUndefined())
        return;
    const QString path = Reader::join(stepPath, QStringLiteral("question"));
    if (!v.isObject()) {
        r.error(path,
            QStringLiteral("expected an object {\"prompt\": …, \"choices\": […], \"answer\": N} or {\"prompt\": …, "
                           "\"estimate\": {…}}"));
        return;
    }
    const QJsonObject o = v.toObject();
    r.allowOnly(o, path, { "prompt", "choices", "answer", "estimate", "unit", "explanation" });
    LessonQuestion q;
    q.prompt = text(r, o, path, "prompt", true);
    const bool multipleChoice = o.contains(QLatin1String("choices")) || o.contains(QLatin1String("answer"));
    if (o.contains(QLatin1String("estimate"))) {
        if (multipleChoice)
            r.error(path,
                QStringLiteral("a question has either 'choices' and 'answer' (multiple choice) or an 'estimate' (a "
                               "number), not both"));
        q.estimate = readEstimate(r, o, path, lesson);
    } else {
        if (o.contains(QLatin1String("unit")))
            r.error(Reader::join(path, QStringLiteral("unit")),
                QStringLiteral("'unit' belongs to an estimate question: a multiple-choice one has none"));
        q.choices = strings(r, o, path, "choices", kMaxChoices);
        if (q.choices.size() < 2)
            r.error(o.contains(QLatin1String("choices")) ? Reader::join(path, QStringLiteral("choices")) : path,
                multipleChoice
                    ? QStringLiteral("a question needs at least two choices")
                    : QStringLiteral(
                        "a question needs 'choices' and 'answer' (multiple choice) or an 'estimate' (a number)"));
        if (multipleChoice && !o.contains(QLatin1String("answer")))
            r.error(path, QStringLiteral("missing required field 'answer' (the index of the right choice)"));
        q.answer = static_cast<int>(r.integer(o, path, "answer", 0, 0, std::max<qsizetype>(0, q.choices.size() - 1)));
    }
    q.explanation = text(r, o, path, "explanation", true);
    checkPlaceholders(r, o, path, "prompt", lesson, false);
    checkPlaceholders(r, o, path, "choices", lesson, false);
    checkPlaceholders(r, o, path, "unit", lesson, false);
    checkPlaceholders(r, o, path, "explanation", lesson, true);
    out.question = std::move(q);
}

/// Refuses each of `ids` (at `path`[k]) that names none of `known`, suggesting the closest.
void checkReferences(Reader& r, const QStringList& ids, const QString& path, const QStringList& known)
{
    for (qsizetype k = 0; k < ids.size(); ++k)
        if (!ids[k].isEmpty() && !known.contains(ids[k])) {
            const QString near = Reader::closest(ids[k], known);
            r.error(Reader::at(path, k),
                QStringLiteral("no check with id '%1' in this scenario's 'checks'").arg(ids[k])
                    + (near.isEmpty() ? QString() : QStringLiteral(" (did you mean '%1'?)").arg(near)));
        }
}

/// `lesson.variants`: each override must apply to the document and each injection must parse; whether
/// the variant then loads and fails exactly `fails` is for its runs to show (tst_lessonseeds).
void readVariants(Reader& r, const QJsonObject& root, const QJsonObject& lesson, const Scenario& s, Lesson& out)
{
    const QJsonValue v = lesson.value(QLatin1String("variants"));
    if (v.isUndefined())
        return;
    const QString path = QStringLiteral("lesson.variants");
    if (!v.isArray()) {
        r.error(path, QStringLiteral("expected an array of variants {\"id\": …, \"role\": …, \"fails\": […]}"));
        return;
    }
    const QJsonArray array = v.toArray();
    if (array.size() > kMaxVariants)
        r.error(path, QStringLiteral("at most %1 variants, got %2").arg(kMaxVariants).arg(array.size()));
    QStringList checkIds; // and the bus's guarantees, which a variant may break on purpose
    for (const ScenarioCheck& c : s.checks)
        checkIds << c.id;
    checkIds << QLatin1String(DeliveryChecker::kNoLostEvents) << QLatin1String(DeliveryChecker::kMonotonicOffsets);
    QSet<QString> ids;
    bool asShipped = false;
    for (qsizetype i = 0; i < array.size() && i < kMaxVariants; ++i) {
        const QString at = Reader::at(path, i);
        if (!array[i].isObject()) {
            r.error(at, QStringLiteral("expected an object {\"id\": …, \"role\": …, \"fails\": […]}"));
            continue;
        }
        const QJsonObject o = array[i].toObject();
        r.allowOnly(o, at, { "id", "title", "role", "set", "inject", "fails" });
        LessonVariant variant;
        variant.id = r.string(o, at, "id", true);
        if (!variant.id.isEmpty() && ids.contains(variant.id))
            r.error(
                Reader::join(at, QStringLiteral("id")), QStringLiteral("duplicate variant id '%1'").arg(variant.id));
        ids.insert(variant.id);
        variant.title = r.string(o, at, "title", true);
        const QString role = r.string(o, at, "role", true);
        if (role == QLatin1String("recommended"))
            variant.role = LessonVariant::Role::Recommended;
        else if (role != QLatin1String("warned") && !role.isEmpty())
            r.error(Reader::join(at, QStringLiteral("role")), QStringLiteral("expected \"warned\" or \"recommended\""));
        variant.set = strings(r, o, at, "set", kMaxVariantChanges);
        for (qsizetype k = 0; k < variant.set.size(); ++k) {
            QJsonObject copy = root;
            if (const QString problem = applyOverride(copy, variant.set[k]); !problem.isEmpty())
                r.error(Reader::at(Reader::join(at, QStringLiteral("set")), k), problem);
        }
        // Only the grammar: whether the injection fits is a question for the variant's own scenario (after its
        // `set`), which a run of the variant loads — and a learner's own --set may take away what it names.
        variant.inject = strings(r, o, at, "inject", kMaxVariantChanges);
        for (qsizetype k = 0; k < variant.inject.size(); ++k) {
            QString problem;
            if (!InjectionSpec::parse(variant.inject[k], problem))
                r.error(Reader::at(Reader::join(at, QStringLiteral("inject")), k), problem);
        }
        variant.fails = strings(r, o, at, "fails", kMaxChecks);
        const QString failsPath = Reader::join(at, QStringLiteral("fails"));
        if (!o.contains(QLatin1String("fails")))
            r.error(at, QStringLiteral("missing required field 'fails' (the checks this variant fails; [] for none)"));
        checkReferences(r, variant.fails, failsPath, checkIds);
        if (variant.role == LessonVariant::Role::Warned && variant.fails.isEmpty()
            && o.contains(QLatin1String("fails")))
            r.error(failsPath, QStringLiteral("a warned-about variant fails at least one check: name it"));
        if (variant.role == LessonVariant::Role::Recommended && !variant.fails.isEmpty())
            r.error(failsPath, QStringLiteral("a recommended variant passes every check: 'fails' must be []"));
        if (variant.asShipped()) {
            if (asShipped)
                r.error(at, QStringLiteral("only one variant may be the scenario as shipped (no 'set', no 'inject')"));
            asShipped = true;
        }
        out.variants.push_back(std::move(variant));
    }
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
    r.allowOnly(o, path, { "title", "summary", "goals", "concepts", "steps", "figures", "variants" });
    Lesson lesson;
    lesson.title = r.string(o, path, "title", false, s.title);
    lesson.summary = text(r, o, path, "summary", false);
    lesson.goals = strings(r, o, path, "goals", 20);
    lesson.concepts = strings(r, o, path, "concepts", kMaxConcepts);
    for (qsizetype i = 0; i < lesson.concepts.size(); ++i)
        if (lesson.concepts[i].size() > kMaxConceptLength)
            r.error(Reader::at(Reader::join(path, QStringLiteral("concepts")), i),
                QStringLiteral("a concept is a few words, at most %1 characters, got %2")
                    .arg(kMaxConceptLength)
                    .arg(lesson.concepts[i].size()));
    readFigures(r, o, s, lesson);
    for (const char* key : { "title", "summary", "goals", "concepts" })
        checkPlaceholders(r, o, path, key, lesson, false);

    QSet<QString> checkIds;
    for (const ScenarioCheck& c : s.checks)
        checkIds.insert(c.id);
    const QJsonValue steps = o.value(QLatin1String("steps"));
    const QString stepsPath = Reader::join(path, QStringLiteral("steps"));
    if (!steps.isArray() || steps.toArray().isEmpty()) {
        r.error(steps.isUndefined() ? path : stepsPath,
            steps.isUndefined() ? QStringLiteral("missing required field 'steps'")
                                : QStringLiteral("expected a non-empty array of steps"));
    }
    const QJsonArray array = steps.toArray();
    std::vector<std::pair<QString, QString>> variantSteps; // a step's `variant` path → the id it names
    if (array.size() > kMaxSteps)
        r.error(stepsPath, QStringLiteral("at most %1 steps, got %2").arg(kMaxSteps).arg(array.size()));
    for (qsizetype i = 0; i < array.size() && i < kMaxSteps; ++i) {
        const QString stepPath = Reader::at(stepsPath, i);
        if (!array[i].isObject()) {
            r.error(stepPath, QStringLiteral("expected an object {\"title\": …, \"text\": …}"));
            continue;
        }
        const QJsonObject so = array[i].toObject();
        r.allowOnly(so, stepPath, { "title", "text", "action", "inject", "variant", "question", "checks" });
        LessonStep step;
        step.title = r.string(so, stepPath, "title", true);
        step.text = text(r, so, stepPath, "text", true);
        step.action = r.string(so, stepPath, "action", false);
        if (const QString inject = r.string(so, stepPath, "inject", false); !inject.isEmpty()) {
            QString problem;
            step.inject = InjectionSpec::parse(inject, problem);
            if (step.inject)
                problem = ScenarioLoader::checkInjection(*step.inject, s);
            if (!problem.isEmpty()) {
                r.error(Reader::join(stepPath, QStringLiteral("inject")), problem);
                step.inject.reset();
            }
        }
        step.variant = r.string(so, stepPath, "variant", false);
        if (so.contains(QLatin1String("inject")) && so.contains(QLatin1String("variant")))
            r.error(stepPath,
                QStringLiteral("a step names at most one of 'inject' (a fault in this run) and 'variant' (a new run)"));
        else if (!step.variant.isEmpty())
            variantSteps.emplace_back(Reader::join(stepPath, QStringLiteral("variant")), step.variant);
        readQuestion(r, so, stepPath, lesson, step);
        checkPlaceholders(r, so, stepPath, "title", lesson, false);
        checkPlaceholders(r, so, stepPath, "text", lesson, true);
        checkPlaceholders(r, so, stepPath, "action", lesson, true);
        checkPlaceholders(r, so, stepPath, "inject", lesson, false);
        step.checks = strings(r, so, stepPath, "checks", kMaxChecks);
        checkReferences(r, step.checks, Reader::join(stepPath, QStringLiteral("checks")),
            QStringList(checkIds.begin(), checkIds.end()));
        lesson.steps.push_back(std::move(step));
    }
    readVariants(r, root, o, s, lesson);
    QStringList variantIds;
    for (const LessonVariant& v : lesson.variants)
        variantIds << v.id;
    for (const auto& [at, id] : variantSteps)
        if (!variantIds.contains(id)) {
            const QString near = Reader::closest(id, variantIds);
            r.error(at,
                QStringLiteral("no variant with id '%1' in lesson.variants").arg(id)
                    + (near.isEmpty() ? QString() : QStringLiteral(" (did you mean '%1'?)").arg(near)));
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
