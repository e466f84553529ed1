#include "coursedelegate.h"

#include "models/coursemodel.h"
#include "palette.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QPainter>

namespace eventloom {

namespace {
constexpr int kPadding = 6;
constexpr int kGap = 10;
constexpr int kLineGap = 2;
constexpr int kSlack = 4;

QColor muted(const QPalette& palette, bool selected)
{
    if (selected)
        return palette.color(QPalette::HighlightedText);
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    // Two thirds of the way from the background to the text: readable, yet quieter than the title.
    return QColor::fromRgbF(static_cast<float>((text.redF() * 2 + base.redF()) / 3),
        static_cast<float>((text.greenF() * 2 + base.greenF()) / 3),
        static_cast<float>((text.blueF() * 2 + base.blueF()) / 3));
}

QFont bold(QFont font)
{
    font.setBold(true);
    return font;
}
}

struct CourseDelegate::Layout {
    QString glyph;
    QColor glyphColour;
    QString number;
    QString title;
    QString concepts;
    QString time;
    QString progress;
    QRect glyphRect;
    QRect numberRect;
    QRect titleRect;
    QRect conceptsRect;
    QRect timeRect;
    QRect progressRect;
    int height = 0;
};

QString CourseDelegate::timeText(const QModelIndex& index)
{
    return CourseModel::duration(index.data(CourseModel::MinutesRole).toInt());
}

QString CourseDelegate::progressText(const QModelIndex& index)
{
    const int steps = index.data(CourseModel::StepCountRole).toInt();
    if (static_cast<CourseModel::State>(index.data(CourseModel::StateRole).toInt()) == CourseModel::State::NotStarted) {
        const int questions = index.data(CourseModel::QuestionCountRole).toInt();
        return (steps == 1 ? tr("1 step") : tr("%1 steps").arg(steps)) + QStringLiteral(" · ")
            + (questions == 1 ? tr("1 question") : tr("%1 questions").arg(questions));
    }
    QString text = tr("%1 of %2 steps").arg(index.data(CourseModel::StepsDoneRole).toInt()).arg(steps);
    if (index.data(CourseModel::PredictionsRole).toInt() > 0)
        text += QStringLiteral(" · ") + tr("%1 right").arg(index.data(CourseModel::RightRole).toInt())
            + QStringLiteral(" · ") + tr("%1 wrong").arg(index.data(CourseModel::WrongRole).toInt());
    return text;
}

CourseDelegate::Layout CourseDelegate::layout(
    const QStyleOptionViewItem& option, const QModelIndex& index, int width) const
{
    Layout l;
    switch (static_cast<CourseModel::State>(index.data(CourseModel::StateRole).toInt())) {
    case CourseModel::State::Done:
        l.glyph = QStringLiteral("✓");
        l.glyphColour = palette::kBlue;
        break;
    case CourseModel::State::InProgress:
        l.glyph = QStringLiteral("◐");
        l.glyphColour = palette::kVermillion;
        break;
    case CourseModel::State::NotStarted:
        l.glyph = QStringLiteral("○");
        l.glyphColour = muted(option.palette, false);
        break;
    }
    l.number = QStringLiteral("%1").arg(index.row() + 1, 2, 10, QLatin1Char('0'));
    l.title = index.data(CourseModel::TitleRole).toString();
    l.concepts = index.data(CourseModel::ConceptsRole).toStringList().join(QStringLiteral(" · "));
    l.time = timeText(index);
    l.progress = progressText(index);

    // Measured as the view paints (its own resolution), with a few pixels to spare: text is never wrapped
    // more when it is drawn than when its row was sized.
    const QFontMetrics plain = option.widget ? QFontMetrics(option.font, option.widget) : QFontMetrics(option.font);
    const QFontMetrics strong
        = option.widget ? QFontMetrics(bold(option.font), option.widget) : QFontMetrics(bold(option.font));
    const int lineHeight = strong.height();
    const int glyphWidth = strong.horizontalAdvance(QStringLiteral("◐")) + kGap;
    const int numberWidth = strong.horizontalAdvance(QStringLiteral("00")) + kGap;
    const int left = kPadding + glyphWidth + numberWidth;
    // Line by line, the text on the right is right-aligned and the text on the left takes the rest; at most
    // a third of the width on the right, where a longer text wraps.
    const int room = width - left - kPadding;
    const auto rightWidth
        = [&](const QString& text) { return std::min(plain.horizontalAdvance(text) + 2 * kSlack, room / 3); };
    const int timeWidth = rightWidth(l.time);
    const int progressWidth = rightWidth(l.progress);
    const auto wrapped = [](const QFontMetrics& fm, int w, const QString& text) {
        return text.isEmpty() ? 0 : fm.boundingRect(QRect(0, 0, w - kSlack, 1 << 20), Qt::TextWordWrap, text).height();
    };
    const int titleWidth = std::max(40, room - kGap - timeWidth);
    const int conceptsWidth = std::max(40, room - kGap - progressWidth);
    const int titleHeight = wrapped(strong, titleWidth, l.title);
    const int conceptsHeight = wrapped(plain, conceptsWidth, l.concepts);
    const int timeHeight = wrapped(plain, timeWidth, l.time);
    const int progressHeight = wrapped(plain, progressWidth, l.progress);
    const int secondLine = kPadding + std::max(timeHeight, titleHeight) + kLineGap;
    l.glyphRect = QRect(kPadding, kPadding, glyphWidth, lineHeight);
    l.numberRect = QRect(kPadding + glyphWidth, kPadding, numberWidth, lineHeight);
    l.titleRect = QRect(left, kPadding, titleWidth, titleHeight);
    l.timeRect = QRect(width - kPadding - timeWidth, kPadding, timeWidth, timeHeight);
    l.conceptsRect = QRect(left, secondLine, conceptsWidth, conceptsHeight);
    l.progressRect = QRect(width - kPadding - progressWidth, secondLine, progressWidth, progressHeight);
    l.height = std::max({ l.conceptsRect.bottom(), l.progressRect.bottom(), l.glyphRect.bottom() }) + 1 + kPadding;
    return l;
}

QSize CourseDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const auto* view = qobject_cast<const QAbstractItemView*>(option.widget);
    const int width = view ? view->viewport()->width() : option.rect.width();
    return { width, layout(option, index, width).height };
}

void CourseDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear(); // the rows draw their own text
    const QStyle* style = option.widget ? option.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);

    const Layout l = layout(option, index, option.rect.width());

    const bool selected = option.state & QStyle::State_Selected;
    const QColor text = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    painter->save();
    painter->translate(option.rect.topLeft());
    painter->setFont(bold(option.font));
    painter->setPen(selected ? text : l.glyphColour);
    painter->drawText(l.glyphRect, Qt::AlignLeft | Qt::AlignTop, l.glyph);
    painter->setPen(text);
    painter->drawText(l.numberRect, Qt::AlignLeft | Qt::AlignTop, l.number);
    painter->drawText(l.titleRect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, l.title);
    painter->setFont(option.font);
    painter->drawText(l.timeRect, Qt::AlignRight | Qt::AlignTop | Qt::TextWordWrap, l.time);
    painter->drawText(l.progressRect, Qt::AlignRight | Qt::AlignTop | Qt::TextWordWrap, l.progress);
    painter->setPen(muted(option.palette, selected));
    painter->drawText(l.conceptsRect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, l.concepts);
    painter->restore();
}

} // namespace eventloom
