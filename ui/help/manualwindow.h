#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;

namespace eventloom {

class ManualBrowser;

/// Help › User Manual: docs/manual.md and the documents it links to, compiled in, in a window of its
/// own beside the main one (not modal), with back, forward, contents and find in the page.
class ManualWindow final : public QWidget {
    Q_OBJECT
public:
    /// The manual's first page.
    static QUrl contentsUrl();
    /// The glossary: the words the lessons and the window use, one meaning each.
    static QUrl glossaryUrl();

    explicit ManualWindow(QWidget* parent);

    ManualBrowser* browser() const { return m_browser; }

private:
    void find(bool again);

    ManualBrowser* m_browser = nullptr;
    QLineEdit* m_find = nullptr;
    QLabel* m_notFound = nullptr;
};

} // namespace eventloom
