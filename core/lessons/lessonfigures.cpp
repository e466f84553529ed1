#include "lessonfigures.h"

#include "checkstate.h"

#include <QLocale>
#include <QSet>
#include <cmath>

namespace eventloom {

namespace {
/// Digits grouped by commas, as the lessons' prose writes them ("1,161,000").
QString grouped(double value, int decimals)
{
    QLocale english(QLocale::English, QLocale::UnitedStates);
    english.setNumberOptions(QLocale::DefaultNumberOptions);
    return english.toString(value, 'f', decimals);
}

/// One decimal, or none when it would be ".0".
QString tidy(double value)
{
    const double rounded = std::round(value * 10.0) / 10.0;
    return grouped(rounded, rounded == std::round(rounded) ? 0 : 1);
}
}

bool LessonFigures::isName(const QString& name)
{
    if (name.isEmpty() || !name.front().isLetter() || name.front().unicode() > 127)
        return false;
    return std::all_of(name.begin(), name.end(), [](QChar c) { return c.unicode() < 128 && c.isLetterOrNumber(); });
}

std::vector<LessonFigures::Placeholder> LessonFigures::placeholders(const QString& text)
{
    std::vector<Placeholder> out;
    qsizetype from = 0;
    for (;;) {
        const qsizetype open = text.indexOf(QStringLiteral("{{"), from);
        if (open < 0)
            break;
        const qsizetype close = text.indexOf(QStringLiteral("}}"), open + 2);
        if (close < 0) {
            out.push_back({ QString(), open, text.size() - open, false });
            break;
        }
        out.push_back({ text.mid(open + 2, close - open - 2).trimmed(), open, close + 2 - open, true });
        from = close + 2;
    }
    return out;
}

QJsonObject LessonFigures::evaluate(const std::vector<LessonFigure>& figures, const Simulation& sim)
{
    if (figures.empty())
        return {};
    QSet<QString> roots;
    for (const LessonFigure& f : figures)
        if (f.expression)
            for (const auto& [name, column] : f.expression->rootNames())
                roots.insert(name);
    return evaluate(figures, CheckState::of(sim, &roots));
}

QJsonObject LessonFigures::evaluate(const std::vector<LessonFigure>& figures, const QJsonObject& state)
{
    QJsonObject values;
    for (const LessonFigure& f : figures) {
        if (!f.expression)
            continue;
        const CheckExpression::Result result = f.expression->evaluate(state);
        const bool finite = !result.value.isDouble() || std::isfinite(result.value.toDouble());
        if (result.evaluated && finite && !result.value.isUndefined())
            values.insert(f.name, result.value);
    }
    return values;
}

std::vector<RunSummary::Figure> LessonFigures::ofRun(const std::vector<LessonFigure>& figures, const Simulation& sim)
{
    std::vector<RunSummary::Figure> out;
    const QJsonObject values = evaluate(figures, sim);
    for (const LessonFigure& f : figures)
        if (values.contains(f.name))
            out.push_back({ f.name, values.value(f.name), format(values.value(f.name), f.format) });
    return out;
}

QString LessonFigures::format(const QJsonValue& value, LessonFigure::Format format)
{
    if (value.isBool())
        return value.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    if (value.isString())
        return value.toString();
    if (!value.isDouble())
        return missing();
    const double v = value.toDouble();
    switch (format) {
    case LessonFigure::Format::Integer:
        return grouped(std::round(v), 0);
    case LessonFigure::Format::Decimal:
        return grouped(v, 1);
    case LessonFigure::Format::Duration:
        if (std::abs(v) < 1000.0)
            return grouped(std::round(v), 0) + QStringLiteral(" µs");
        if (std::abs(v) < 1'000'000.0)
            return tidy(v / 1000.0) + QStringLiteral(" ms");
        return tidy(v / 1'000'000.0) + QStringLiteral(" s");
    case LessonFigure::Format::Number:
        break;
    }
    return v == std::round(v) ? grouped(v, 0) : grouped(v, 1);
}

QJsonObject LessonFigures::texts(const std::vector<LessonFigure>& figures, const QJsonObject& values)
{
    QJsonObject out;
    for (const LessonFigure& f : figures)
        if (values.contains(f.name))
            out.insert(f.name, format(values.value(f.name), f.format));
    return out;
}

QString LessonFigures::fill(const QString& text, const QJsonObject& texts, const QString& missing)
{
    QString out;
    qsizetype from = 0;
    for (const Placeholder& p : placeholders(text)) {
        out += QStringView(text).mid(from, p.offset - from);
        out += texts.contains(p.name) ? texts.value(p.name).toString() : missing;
        from = p.offset + p.length;
    }
    out += QStringView(text).mid(from);
    return out;
}

} // namespace eventloom
