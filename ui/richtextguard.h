#pragma once

#include <QObject>
#include <QString>
#include <QUrl>
#include <QVariant>

namespace eventloom {

/// Keeps text from files other people send (scenario files, run files, imported event logs) from being
/// taken for rich text by the window. Qt shows a tooltip, a QLabel in Qt::AutoText and a message box's
/// informative text as rich text whenever Qt::mightBeRichText() says so, and rich text loads the pictures
/// it names from local files (QTextDocument::loadResource, before any resource provider is asked): a
/// payload string `<img src="/dev/zero">` shown as a tooltip makes the window read /dev/zero, a FIFO
/// freezes it, and any markup changes what the user sees.
///
/// install() puts one application-wide event filter in front of every item view's tooltip: the text of
/// Qt::ToolTipRole (and of a header section's) is shown through literal(), so whatever a model returns
/// is shown as the text it is. Models keep returning plain text, and no item view needs a fix of its own.
///
/// Everything else that shows text from files is the caller's: hand-built HTML escapes every value
/// (toHtmlEscaped()), a label showing such text is Qt::PlainText, a widget's tooltip or a message box's
/// informative text goes through literal(), and a rich-text browser refuses local resources
/// (refusedResource()).
class RichTextGuard final : public QObject {
    Q_OBJECT
public:
    /// Installs the tooltip filter for the application (once; later calls do nothing). MainWindow calls it.
    static void install();
    static bool isInstalled();

    /// `text` for a place that decides by Qt::mightBeRichText() (a tooltip, a QLabel in Qt::AutoText, a
    /// message box's informative text) such that it shows exactly `text`: unchanged when Qt would show
    /// it as plain text anyway, otherwise escaped rich text that keeps its spaces and line breaks.
    static QString literal(const QString& text);

    /// For a QTextEdit/QTextBrowser's loadResource(): an invalid QVariant (load it as usual) for the
    /// application's resources (`qrc:`) and inline `data:` URLs; for anything else — a local file, a
    /// device, a FIFO, a path relative to the working directory, a web address — a blank picture or an
    /// empty text, so Qt reads nothing.
    static QVariant refusedResource(int type, const QUrl& url);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    explicit RichTextGuard(QObject* parent);
};

} // namespace eventloom
