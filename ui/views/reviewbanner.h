#pragma once

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QToolButton;

namespace eventloom {

/// The strip across the top of the window in review mode: which run file is shown, when it was
/// recorded and its fingerprint, that nothing is being simulated, what the panels can show from the
/// file, and the way back to a live run ("Re-simulate This Run").
class ReviewBanner final : public QWidget {
    Q_OBJECT
public:
    explicit ReviewBanner(QAction* resimulate, QWidget* parent = nullptr);

    /// Shows run file `info` (RunReview::opened's description).
    void setRun(const QJsonObject& info);
    /// Reading the file: `done` of `total` records (the note goes once all are in).
    void setProgress(qint64 done, qint64 total);
    /// "Review: FILE (recorded WHEN, fingerprint X) — not simulating".
    static QString headline(const QJsonObject& info);

private:
    QLabel* m_headline = nullptr;
    QLabel* m_note = nullptr;
    QToolButton* m_resimulate = nullptr;
    QString m_noteText;
};

} // namespace eventloom
