#pragma once

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QUrl>

class QTextDocument;
class QWidget;

namespace eventloom {

/// A lesson's text as the window may show it. Lessons come inside scenario and run files from anyone,
/// so their Markdown is untrusted: it may name any file as a picture (a FIFO, /dev/zero, a path
/// relative to wherever the program was started) and link to any scheme. This class is the only way
/// lesson Markdown reaches a widget:
///
/// - raw HTML in the Markdown is dropped (nothing but Markdown can ask for a resource);
/// - a picture is shown only from the scenario's own folder (a relative path that stays inside it after
///   symbolic links are resolved, a regular file of at most kMaxImageBytes) or from the application's
///   resources (`:/…`, `qrc:`); anything else — absolute paths, `file:`, `http:`, `data:`, a device, a
///   FIFO, a path out of the folder — is replaced by its alt text and the reason;
/// - pictures are read and decoded on a worker thread, never on the GUI thread; until one is ready the
///   text shows its alt text, and imagesChanged() asks the view to render again.
///
/// The result of toHtml() is rich text in which every picture is inline (`data:` PNG made here), so the
/// widget showing it has nothing left to load.
class LessonContent final : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kMaxImageBytes = 4 * 1024 * 1024; ///< a picture file larger than this is refused
    static constexpr int kMaxImageSide = 4096; ///< a picture wider or taller than this is refused
    static constexpr int kShownWidth
        = 280; ///< wider pictures are scaled down to this: the dock is narrow and a picture must not widen it

    explicit LessonContent(QObject* parent = nullptr);
    ~LessonContent() override;

    /// The folder relative picture paths are resolved in: the folder of a scenario opened from disk or
    /// from the application's resources (":/scenarios"). Empty for content with no trusted folder (a
    /// reviewed run file, whose scenario was written elsewhere): then only application resources show.
    /// Forgets every picture loaded for the previous folder.
    void setFolder(const QString& folder);
    QString folder() const { return m_folder; }

    /// `markdown` as rich text for a QLabel (Qt::RichText). Starts loading the pictures it names that
    /// were not tried yet. With `figures` ({name: text}), each `{{name}}` placeholder is replaced by its
    /// text, or by LessonFigures::missing() when it has none — inserted as plain text after the Markdown
    /// is parsed, so a value from the run can never become markup. `missing`, if given, is set to
    /// whether some placeholder had no value.
    QString toHtml(const QString& markdown, const QJsonObject* figures = nullptr, bool* missing = nullptr);

    /// Pictures asked for and not loaded or refused yet.
    int pending() const;

    /// What became of a picture named `name` in the Markdown: "" while loading or never asked for,
    /// "shown", or the reason it is not shown.
    QString status(const QString& name) const;

    /// A zero-width space: where a long word of lesson text may break (makeBreakable).
    static constexpr char16_t kBreakHere = 0x200B;
    /// Lets every line of `document` wrap at any width: code blocks wrap; a word of
    /// kCamelWord or more characters gets a kBreakHere after its punctuation and between the words of its camel case
    /// (ShipmentScheduled: Shipment, Scheduled), or every kLongWord characters if it has no such place.
    static void makeBreakable(QTextDocument& document);
    static constexpr int kCamelWord = 14;
    static constexpr int kLongWord = 20;

    /// Whether a lesson link may be opened at all: only web pages (http, https) with a host.
    static bool isOpenable(const QUrl& url);

    /// Opens a lesson link the user activated, after showing where it goes and asking; a link that is
    /// not openable is explained instead. Returns whether the link was handed to the desktop.
    static bool openLink(const QUrl& url, QWidget* parent);

Q_SIGNALS:
    /// Some pictures finished loading (or were refused): render the lesson text again.
    void imagesChanged();

private:
    struct Image {
        enum class State { Loading, Shown, Refused } state = State::Loading;
        QString html; ///< the `data:` URL when shown
        QString reason; ///< why not, when refused
    };
    struct Loaded {
        QString name;
        QString dataUrl;
        QString reason;
    };

    /// Where `name` would be read from, or an empty string and why not.
    QString resolve(const QString& name, QString& reason) const;
    void request(const QString& name, const QString& path);
    void deliver(quint64 generation, const Loaded& loaded);
    static Loaded load(const QString& name, const QString& path, const QString& folder);

    QString m_folder;
    quint64 m_generation = 0;
    QHash<QString, Image> m_images; ///< by the name the Markdown gives
};

} // namespace eventloom
