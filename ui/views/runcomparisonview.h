#pragma once

#include <QWidget>
#include <atomic>
#include <memory>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QThread;

namespace eventloom {

class RunComparison;
class RunCountersModel;
class StateDifferenceModel;

/// Tools › Compare Runs…: two recorded runs side by side (RunComparison) — what each run is and the
/// injections it had, both fingerprints, the first diverging record, the counters (differing rows
/// highlighted) and the final states that differ. The comparison walks both files on a thread of its
/// own; the window shows a busy bar meanwhile and never waits for it.
class RunComparisonView final : public QWidget {
    Q_OBJECT
public:
    explicit RunComparisonView(QWidget* parent = nullptr);
    ~RunComparisonView() override;

    /// Compares the run files `a` and `b` (shown in the pickers), off the UI thread.
    void compare(const QString& a, const QString& b);
    /// Compares the two runs the window recorded last (older as A, newer as B), finished runs first —
    /// unless the user chose the files by hand. False if it did not start (fewer than two runs, or hand-picked).
    bool compareRecentRuns();
    /// Up to `count` run files of the window's run archive (RunArchive), newest first, finished runs
    /// before those cut short (or still recording).
    static QStringList recentRuns(int count = 2);

    bool isBusy() const { return m_running > 0; }
    /// The last comparison shown, or null.
    std::shared_ptr<const RunComparison> comparison() const { return m_comparison; }
    RunCountersModel* countersModel() const { return m_counters; }
    StateDifferenceModel* stateModel() const { return m_states; }

Q_SIGNALS:
    /// A comparison ended and is shown (or its error is).
    void comparisonFinished();

private:
    void startComparison();
    void showComparison(std::shared_ptr<const RunComparison> comparison);
    void browse(QLineEdit* edit);

    QLineEdit* m_pathA = nullptr;
    QLineEdit* m_pathB = nullptr;
    QPushButton* m_compareButton = nullptr;
    QProgressBar* m_busy = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_runA = nullptr;
    QLabel* m_runB = nullptr;
    QLabel* m_fingerprints = nullptr;
    QLabel* m_divergence = nullptr;
    QPlainTextEdit* m_divergenceA = nullptr;
    QPlainTextEdit* m_divergenceB = nullptr;
    QLabel* m_stateSummary = nullptr;
    QTableView* m_counterView = nullptr;
    QTableView* m_stateView = nullptr;
    RunCountersModel* m_counters = nullptr;
    StateDifferenceModel* m_states = nullptr;
    std::shared_ptr<const RunComparison> m_comparison;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::vector<QThread*> m_threads;
    int m_generation = 0;
    int m_running = 0;
    bool m_pickedByHand = false;
};

} // namespace eventloom
