#include "guaranteespanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace eventloom {

namespace {
const QColor kPassed(0, 114, 178);
const QColor kFailed(213, 94, 0);
constexpr int kRowRole = Qt::UserRole; ///< a record item's row in the trace (qint64)
constexpr int kTimeRole = Qt::UserRole + 1; ///< a record item's time (qint64)
constexpr int kStandingRole = Qt::UserRole + 2; ///< a category's standing: "pending", "holdsSoFar", "passed", "failed"
constexpr int kNameRole = Qt::UserRole + 3; ///< a category's check name

QString seconds(SimTime t)
{
    return QString::fromStdString(formatDuration(t));
}

/// "delivery: no lost events" → "No lost events".
QString title(const QString& name)
{
    QString s = name.section(QStringLiteral(": "), 1);
    if (s.isEmpty())
        s = name;
    s[0] = s[0].toUpper();
    return s;
}
}

GuaranteesPanel::GuaranteesPanel(QWidget* parent)
    : QWidget(parent)
    , m_moment(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_tree(new QTreeWidget(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_summary->setObjectName(QStringLiteral("guaranteesSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    m_moment->setObjectName(QStringLiteral("guaranteesMoment"));
    m_moment->setWordWrap(true);
    m_moment->setTextFormat(Qt::PlainText);
    m_tree->setObjectName(QStringLiteral("guaranteesTree"));
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({ tr("Guarantee"), tr("Found"), tr("Verdict") });
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setWordWrap(false);
    m_tree->setTextElideMode(Qt::ElideMiddle);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_tree->setMouseTracking(true);
    layout->addWidget(m_summary);
    layout->addWidget(m_moment);
    layout->addWidget(m_tree, 1);
    // A record is a link: one click selects it in the log, the timeline and the Inspector.
    connect(m_tree, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        const QVariant row = item->data(0, kRowRole);
        if (row.isValid())
            Q_EMIT recordChosen(row.toLongLong(), item->data(0, kTimeRole).toLongLong());
    });
    for (const bool open : { true, false })
        connect(m_tree, open ? &QTreeWidget::itemExpanded : &QTreeWidget::itemCollapsed, this,
            [this, open](QTreeWidgetItem* item) {
                if (!m_rebuilding && !item->parent())
                    m_expanded[item->data(0, kNameRole).toString()] = open;
            });
    connect(m_tree, &QTreeWidget::itemEntered, this, [this](QTreeWidgetItem* item) {
        m_tree->viewport()->setCursor(item->data(0, kRowRole).isValid() ? Qt::PointingHandCursor : Qt::ArrowCursor);
    });
    clear();
}

void GuaranteesPanel::clear()
{
    m_ask->cancel();
    m_verdicts = {};
    m_judged = false;
    m_expanded.clear();
    rebuild();
}

void GuaranteesPanel::setVerdicts(const DeliveryVerdicts& verdicts)
{
    // The same answer again (a reviewed run's, asked once per slice read): the tree stays as it is, so that
    // a record the user is about to click does not move from under the pointer.
    if (m_judged && verdicts == m_verdicts)
        return;
    m_verdicts = verdicts;
    m_judged = true;
    rebuild();
}

void GuaranteesPanel::setViewTime(SimTime t)
{
    m_viewTime = t;
    showMoment();
}

void GuaranteesPanel::runAdvanced()
{
    if (RefreshThrottle::onScreen(this))
        m_ask->changed();
}

void GuaranteesPanel::refresh()
{
    if (RefreshThrottle::onScreen(this))
        Q_EMIT checkRequested();
}

QTreeWidgetItem* GuaranteesPanel::recordItem(int category, int k) const
{
    const QTreeWidgetItem* c = m_tree->topLevelItem(category);
    return c && k < c->childCount() ? c->child(k) : nullptr;
}

void GuaranteesPanel::rebuild()
{
    using S = CheckJudge::Standing;
    // Keep what the user opened or closed, and scrolled to, across the updates of a playing run.
    const int scrolled = m_tree->verticalScrollBar()->value();
    m_rebuilding = true;
    m_tree->clear();
    int failed = 0, broken = 0, open = 0;
    for (const DeliveryVerdicts::Category& c : m_verdicts.categories) {
        auto* item = new QTreeWidgetItem(m_tree);
        item->setText(0, title(c.name));
        item->setText(1, QString::number(c.count));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        QString verdict;
        QString why = c.guarantee
            ? tr("A promise of the bus (at-least-once delivery): broken, the bus lost or mis-tracked a record.")
            : tr("Not a broken promise of the bus: at-least-once delivery allows it, and it is the consumer's choice "
                 "(idempotency, a resequencer) whether it shows.");
        switch (c.standing) {
        case S::Failed:
            ++failed;
            broken += c.guarantee ? 1 : 0;
            verdict = c.guarantee ? tr("✗ broken: a bus guarantee") : tr("✗ found: the consumers' choice");
            item->setForeground(2, kFailed);
            break;
        case S::Pending:
            ++open;
            verdict = tr("… judged when the run ends");
            why += u'\n' + tr("About the whole run: an event not handled yet may still be.");
            break;
        case S::HoldsSoFar:
            verdict = tr("✓ holds so far");
            break;
        case S::Holds:
            verdict = tr("✓ held");
            item->setForeground(2, kPassed);
            break;
        }
        static const char* const kStates[] = { "pending", "holdsSoFar", "passed", "failed" };
        item->setData(0, kStandingRole, QString::fromLatin1(kStates[static_cast<int>(c.standing)]));
        item->setData(0, kNameRole, c.name);
        item->setText(2, verdict);
        QString tip = c.name + u'\n' + why;
        if (!c.detail.isEmpty())
            tip += u'\n' + c.detail;
        for (int col = 0; col < 3; ++col)
            item->setToolTip(col, tip); // plain text (RichTextGuard)
        QFont link = m_tree->font();
        link.setUnderline(true);
        for (const DeliveryVerdicts::Record& r : c.first) {
            auto* child = new QTreeWidgetItem(item);
            // The CLI's words, with the time as the log shows it: "2.502000 s  service=payment StockReserved …".
            child->setText(
                0, tr("%1 s  %2").arg(static_cast<double>(r.t) / kSecond, 0, 'f', 6).arg(r.text.section(u' ', 1)));
            child->setData(0, kRowRole, r.row);
            child->setData(0, kTimeRole, static_cast<qint64>(r.t));
            child->setFont(0, link);
            child->setForeground(0, palette().color(QPalette::Link));
            child->setToolTip(
                0, r.text + u'\n' + tr("Click: select this record in the log, the timeline and the Inspector"));
            child->setFirstColumnSpanned(true);
        }
        if (c.count > c.first.size()) {
            auto* more = new QTreeWidgetItem(item);
            more->setText(
                0, tr("… and %1 more (the first %2 are shown)").arg(c.count - c.first.size()).arg(c.first.size()));
            more->setFirstColumnSpanned(true);
            more->setFlags(Qt::ItemIsEnabled);
        }
        const auto chosen = m_expanded.find(c.name);
        item->setExpanded(chosen != m_expanded.end() ? chosen->second : c.standing == S::Failed);
    }
    m_rebuilding = false;
    const int total = static_cast<int>(m_verdicts.categories.size());
    if (!m_verdicts.unavailable.isEmpty())
        m_summary->setText(tr("Not checked"));
    else if (!m_judged)
        m_summary->setText(tr("Not judged yet"));
    else if (failed == 0 && open == 0)
        m_summary->setText(
            m_verdicts.ended ? tr("All %1 guarantees held").arg(total) : tr("All %1 hold so far").arg(total));
    else if (failed == 0)
        m_summary->setText(tr("Nothing found so far; %1 judged when the run ends").arg(open));
    else if (broken == 0)
        m_summary->setText(
            tr("%1 of %2 found — the consumers' choice; the bus kept its guarantees").arg(failed).arg(total));
    else
        m_summary->setText(tr("%1 of %2 failed, %3 of them a broken bus guarantee").arg(failed).arg(total).arg(broken));
    m_tree->resizeColumnToContents(1);
    m_tree->resizeColumnToContents(2);
    m_tree->setColumnWidth(0,
        std::max(m_tree->columnWidth(0),
            m_tree->fontMetrics().horizontalAdvance(tr("Offsets monotonic per group and partition")) + 40));
    m_tree->verticalScrollBar()->setValue(scrolled);
    showMoment();
}

void GuaranteesPanel::showMoment()
{
    QString text;
    if (!m_verdicts.unavailable.isEmpty()) {
        text = m_verdicts.unavailable;
    } else if (!m_judged) {
        text = tr("The engine's delivery checker watches the run from its first record, as eventloom-cli run "
                  "does. Play the run: its findings show here, each with its first records.");
    } else {
        const QString at = seconds(m_verdicts.judgedAt);
        if (m_verdicts.recorded)
            text = tr("Judged on the recorded run, to t = %1: its trace made again from its scenario, seed and "
                      "injections, with the checker watching.")
                       .arg(at);
        else if (m_verdicts.ended)
            text = tr("Judged on the whole run, which ended at t = %1.").arg(at);
        else
            text = tr("Judged on the run so far, to t = %1, and again as it plays. Lost events are about the "
                      "whole run: judged when it ends.")
                       .arg(at);
        if (m_viewTime >= 0 && m_viewTime < m_verdicts.judgedAt)
            text += u' '
                + tr("You are looking at t = %1: the findings are about the run to t = %2, not the moment "
                     "shown; a record after it brings the window back to the present.")
                      .arg(seconds(m_viewTime), at);
        text += u' ' + tr("Click a record to select it in the log, the timeline and the Inspector.");
    }
    m_moment->setText(text);
}

} // namespace eventloom
