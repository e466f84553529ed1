#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QHash>
#include <QHeaderView>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <tuple>
#include <vector>

namespace eventloom {

namespace {
/// An action's text as a list shows it: without its mnemonic's '&' ("&&" is a literal '&') or a
/// trailing ellipsis.
QString plainText(const QString& text)
{
    QString plain;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == QLatin1Char('&') && ++i == text.size())
            break;
        plain += text[i];
    }
    if (plain.endsWith(QStringLiteral("…")))
        plain.chop(1);
    else if (plain.endsWith(QLatin1String("...")))
        plain.chop(3);
    return plain.trimmed();
}

/// Where an action is listed: its group (lower rank first) and its place in the group.
struct Place {
    int rank = 0;
    QString group;
    int position = 0; ///< in its menu; actions outside the menus go by text
};

/// Ranks: the menu bar's menus in order, then panels by title, then the rest.
constexpr int kPanelRank = 1000;
constexpr int kOtherRank = 2000;

/// The first place of every action in the menu bar's menus and their submenus, as a user meets them.
QHash<const QAction*, Place> menuBarPlaces(const QWidget& window)
{
    QHash<const QAction*, Place> places;
    const auto* main = qobject_cast<const QMainWindow*>(&window);
    if (!main)
        return places;
    int position = 0;
    const auto visit = [&](const auto& self, const QMenu& menu, int rank, const QString& group) -> void {
        for (const QAction* action : menu.actions()) {
            if (action->menu())
                self(self, *action->menu(), rank, group);
            else if (!places.contains(action))
                places.insert(action, { rank, group, position++ });
        }
    };
    const QList<QAction*> menus = main->menuBar()->actions();
    for (int rank = 0; rank < menus.size(); ++rank)
        if (const QMenu* menu = menus[rank]->menu())
            visit(visit, *menu, rank, plainText(menu->title()));
    return places;
}

/// The panel (dock) an action outside the menus is attached to, if any.
const QDockWidget* panelOf(const QAction& action)
{
    for (const QObject* object : action.associatedObjects())
        for (auto* widget = qobject_cast<const QWidget*>(object); widget; widget = widget->parentWidget())
            if (const auto* dock = qobject_cast<const QDockWidget*>(widget))
                return dock;
    return nullptr;
}
}

ShortcutsDialog::ShortcutsDialog(QWidget* window)
    : QDialog(window)
    , m_window(window)
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("shortcutsFilter"));
    m_filter->setPlaceholderText(tr("Filter by action or key"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, &ShortcutsDialog::applyFilter);

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("shortcutsTree"));
    m_tree->setHeaderLabels({ tr("Action"), tr("Shortcut") });
    m_tree->setRootIsDecorated(false);
    m_tree->setItemsExpandable(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::NoSelection);
    m_tree->setFocusPolicy(Qt::NoFocus);
    m_tree->setIndentation(m_tree->fontMetrics().averageCharWidth() * 2);
    m_tree->header()->setStretchLastSection(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
    resize(fontMetrics().averageCharWidth() * 70, fontMetrics().lineSpacing() * 36);
}

void ShortcutsDialog::refresh()
{
    struct Row {
        Place place;
        const QAction* action;
        QString text;
    };
    std::vector<Row> rows;
    const QHash<const QAction*, Place> inMenus = menuBarPlaces(*m_window);
    for (const QAction* action : m_window->findChildren<QAction*>()) {
        if (action->shortcuts().isEmpty())
            continue;
        Place place = inMenus.value(action, { kOtherRank, tr("Other"), 0 });
        if (!inMenus.contains(action))
            if (const QDockWidget* panel = panelOf(*action))
                place = { kPanelRank, tr("%1 panel").arg(plainText(panel->windowTitle())), 0 };
        rows.push_back({ place, action, plainText(action->text()) });
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        if (a.place.rank != b.place.rank || a.place.group != b.place.group)
            return std::tie(a.place.rank, a.place.group) < std::tie(b.place.rank, b.place.group);
        if (a.place.position != b.place.position)
            return a.place.position < b.place.position;
        return a.text.localeAwareCompare(b.text) < 0;
    });

    m_tree->clear();
    QTreeWidgetItem* group = nullptr;
    QFont groupFont = m_tree->font();
    groupFont.setBold(true);
    for (const Row& row : rows) {
        if (!group || group->text(0) != row.place.group) {
            group = new QTreeWidgetItem(m_tree, { row.place.group });
            group->setFont(0, groupFont);
            group->setFirstColumnSpanned(true);
        }
        QStringList keys;
        for (const QKeySequence& key : row.action->shortcuts())
            keys << key.toString(QKeySequence::NativeText);
        auto* item = new QTreeWidgetItem(group, { row.text, keys.join(tr(" or ")) });
        if (plainText(row.action->toolTip()) != row.text)
            item->setToolTip(0, row.action->toolTip());
    }
    m_tree->expandAll();
    m_tree->resizeColumnToContents(0);
    m_tree->setColumnWidth(0, m_tree->columnWidth(0) + m_tree->fontMetrics().averageCharWidth() * 4); // a gutter
    applyFilter(m_filter->text());
}

void ShortcutsDialog::applyFilter(const QString& text)
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* group = m_tree->topLevelItem(i);
        bool anyShown = false;
        for (int j = 0; j < group->childCount(); ++j) {
            QTreeWidgetItem* item = group->child(j);
            const bool shown = item->text(0).contains(text, Qt::CaseInsensitive)
                || item->text(1).contains(text, Qt::CaseInsensitive)
                || group->text(0).contains(text, Qt::CaseInsensitive);
            item->setHidden(!shown);
            anyShown = anyShown || shown;
        }
        group->setHidden(!anyShown);
    }
}

} // namespace eventloom
