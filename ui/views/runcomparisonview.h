#pragma once

#include "faults/injectionspec.h"

#include <QWidget>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

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
class SideBySideRuns;
class StateDifferenceModel;
struct Scenario;

/// Tools › Compare Runs…: two recorded runs side by side (RunComparison) — their timelines one above
/// the other on one time axis and their saga charts of a chosen order (SideBySideRuns), what each run is
/// and the injections it had, both fingerprints, the first diverging record, the counters (differing rows
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

    /// Compare with a Variant: `scenario` (the open one: its file with its overrides, loaded again as `--set`
    /// does) and its variant, the same with `assignment` too, both run to their end headless (HeadlessRun:
    /// the CLI's run) with `seed` (none: the scenario's) and `injections`, on a thread of their own; both are
    /// recorded next to the window's recorded runs and compared, the run as it is as A, the variant as B.
    void compareVariant(const Scenario& scenario, std::optional<std::uint64_t> seed,
        const std::vector<InjectionSpec>& injections, const QString& assignment);

    bool isBusy() const { return m_running > 0; }
    /// The last comparison shown, or null.
    std::shared_ptr<const RunComparison> comparison() const { return m_comparison; }
    RunCountersModel* countersModel() const { return m_counters; }
    StateDifferenceModel* stateModel() const { return m_states; }
    /// The two runs' timelines on one time axis and their saga charts of a chosen order.
    SideBySideRuns* sideBySide() const { return m_sides; }

Q_SIGNALS:
    /// A comparison ended and is shown (or its error is).
    void comparisonFinished();

private:
    void startComparison();
    /// Runs `work` on a thread of its own, the busy bar shown; `done` on the UI thread when it ends,
    /// unless something else was started since.
    void runInThread(const char* name, std::function<void()> work, std::function<void()> done);
    void showComparison(std::shared_ptr<const RunComparison> comparison);
    void browse(QLineEdit* edit);

    QLineEdit* m_pathA = nullptr;
    QLineEdit* m_pathB = nullptr;
    QPushButton* m_compareButton = nullptr;
    QProgressBar* m_busy = nullptr;
    QLabel* m_status = nullptr;
    SideBySideRuns* m_sides = nullptr;
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
