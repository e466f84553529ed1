#include "recentfilesmenu.h"

#include <QFileInfo>
#include <QSettings>

namespace eventloom {

RecentFilesMenu::RecentFilesMenu(QWidget* parent)
    : QMenu(tr("Open &Recent"), parent)
{
    setObjectName(QStringLiteral("recentMenu"));
    connect(this, &QMenu::aboutToShow, this, &RecentFilesMenu::fill);
}

QStringList RecentFilesMenu::entries()
{
    return QSettings().value(QStringLiteral("recentFiles")).toStringList();
}

void RecentFilesMenu::remember(const QString& nameOrPath)
{
    // Files by absolute path (so they reopen from anywhere); shipped lessons by name.
    const QFileInfo info(nameOrPath);
    const QString entry = info.exists() && !nameOrPath.startsWith(u':') ? info.absoluteFilePath() : nameOrPath;
    QStringList recent = entries();
    recent.removeAll(entry);
    recent.prepend(entry);
    QSettings().setValue(QStringLiteral("recentFiles"), recent.mid(0, 8));
}

void RecentFilesMenu::fill()
{
    clear();
    const QStringList recent = entries();
    for (const QString& entry : recent)
        addAction(QFileInfo(entry).fileName(), this, [this, entry] { Q_EMIT fileChosen(entry); })->setToolTip(entry);
    if (recent.isEmpty())
        addAction(tr("(none yet)"))->setEnabled(false);
}

} // namespace eventloom
