#pragma once

#include <QWidget>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace eventloom {

/// What the app shows with no scenario open: the shipped lessons, and a way to open a file.
class StartPage final : public QWidget {
    Q_OBJECT
public:
    /// Data role of a lesson item holding its resource path.
    static constexpr int PathRole = Qt::UserRole;
    /// Data role of a lesson item holding its id ("01-pubsub-fanout").
    static constexpr int IdRole = Qt::UserRole + 1;

    explicit StartPage(QWidget* parent = nullptr);

Q_SIGNALS:
    /// The user picked a lesson; `path` is its resource path.
    void lessonChosen(const QString& path);
    void openFileRequested();

private:
    void populate();
    void showSummary(QListWidgetItem* item);
    void openCurrent();

    QListWidget* m_lessons = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_openLesson = nullptr;
};

} // namespace eventloom
