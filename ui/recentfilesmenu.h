#pragma once

#include <QMenu>

namespace eventloom {

/// File › Open Recent: the scenarios and run files opened lately, newest first (QSettings `recentFiles`),
/// listed each time the menu opens.
class RecentFilesMenu final : public QMenu {
    Q_OBJECT
public:
    explicit RecentFilesMenu(QWidget* parent);

    /// The entries, newest first: files by absolute path, shipped lessons by name.
    static QStringList entries();
    /// Puts `nameOrPath` first (files by absolute path, so they reopen from anywhere); keeps eight.
    static void remember(const QString& nameOrPath);

Q_SIGNALS:
    void fileChosen(const QString& nameOrPath);

private:
    void fill();
};

} // namespace eventloom
