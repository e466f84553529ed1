#pragma once

#include <QTextBrowser>

namespace eventloom {

/// The user manual's text: Markdown pages compiled in (qrc:/docs/…, qrc:/README.md). A link to a
/// heading (`#the-window`, `manual.md#sagas`, GitHub's anchors) scrolls to it; a link out of the app
/// (http, mailto) opens in the desktop's browser; a link to a compiled-in folder shows its files (the
/// shipped scenarios), to another compiled-in file its text, to a file the app does not hold a short
/// page saying so. Screenshots are scaled down to a reading width.
class ManualBrowser final : public QTextBrowser {
    Q_OBJECT
public:
    /// Screenshots wider than this (logical pixels) are scaled down to it, so that a page reads
    /// without scrolling sideways.
    static constexpr int kReadingWidth = 840;

    explicit ManualBrowser(QWidget* parent = nullptr);

    /// Shows what `url` names (a qrc: URL, with or without a heading's fragment), as a click on a
    /// link to it does; another scheme opens outside the app.
    void follow(const QUrl& url);
    /// The text of the page's first heading (its title).
    QString title() const;

    QVariant loadResource(int type, const QUrl& name) override;

private:
    bool scrollToHeading(const QString& fragment);
    /// Room around headings, a shade behind code and single-line tables, which Qt's Markdown import
    /// leaves out.
    void polishPage();
};

} // namespace eventloom
