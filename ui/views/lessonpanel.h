#pragma once

#include "lessoncontent.h"
#include "lessons/checkjudge.h"
#include "refreshthrottle.h"
#include "scenario/scenario.h"

#include <QJsonArray>
#include <QSet>
#include <QWidget>
#include <map>
#include <optional>
#include <vector>

class QButtonGroup;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace eventloom {

class WrappingListWidget;

/// The Lesson dock: the scenario's narrative step by step, the action a step asks for (with a button
/// that injects it, or starts a new run of the lesson variant it names), a predict-then-observe question (answer first,
/// then see the explanation), and the scenario's checks judged live with ✓ and ✗ — the step's own checks first. A
/// question is multiple choice, or an estimate: the learner types a number, judged against a figure's value when the
/// run has ended. A question's choices are shown lettered A, B, C… in an order shuffled for the learner's class code
/// (ChoiceOrder; set with Class Code…, kept in the settings), so that the right answer cannot be guessed
/// from its place and a class sees the same order. While a question is unanswered, the checks its step
/// lists are neutralised — no title, no verdict — wherever the list shows them, so that they do not give
/// the answer away; a step's own checks show as soon as it has no unanswered question.
///
/// It never reads the simulation: it asks for verdicts (judgeRequested, at most every 250 ms while
/// the run moves) and shows what setVerdicts hands it. The lesson's figures (`{{name}}` in its text) are
/// filled in from what setFigures hands it, as plain text; until the run gives one, it shows "…".
class LessonPanel final : public QWidget {
    Q_OBJECT
public:
    explicit LessonPanel(QWidget* parent = nullptr);

    /// Where a lesson's pictures may come from besides the application's resources.
    enum class PictureFolder {
        OfScenarioFile, ///< the folder of the scenario's file (opened from disk or from the resources)
        None, ///< no folder: the lesson came inside a run file written elsewhere
    };

    /// Shows `scenario`'s lesson from its first step (or says it has none); forgets answers and verdicts.
    void setScenario(const Scenario* scenario, PictureFolder pictures = PictureFolder::OfScenarioFile);
    /// The lesson text as the panel renders it (safe rich text; see LessonContent).
    LessonContent* content() const { return m_content; }
    /// Verdicts from the engine, in the scenario's check order; `ended`: they are the run's end's. A check
    /// shows as CheckJudge::standing says: an `end` check pending until the end, an `always` one holding so
    /// far until it first fails (remembered until the next run).
    void setVerdicts(const std::vector<CheckJudge::Verdict>& verdicts, bool ended);
    /// The lesson's figures on the run as it is now: {name: value}, formatted as the lesson asks.
    void setFigures(const QJsonObject& values);
    /// The figures as the panel fills them in: {name: text}.
    const QJsonObject& figureTexts() const { return m_figures; }
    /// The lesson's figures at the end of the run, {name: value}, which estimates are judged against;
    /// empty while the run is still going.
    void setEndFigures(const QJsonObject& values);
    /// A new run began: verdicts and figures are unknown again (answers and estimates are kept).
    void clearVerdicts();
    /// The run moved: fresh verdicts will be asked for shortly.
    void runAdvanced();

    int stepCount() const;
    int currentStep() const { return m_step; }
    void setCurrentStep(int step);
    /// Picks choice `index` of the current step's question and submits it, as a learner would.
    void answer(int index);
    /// Types `value` into the current step's estimate field (in the unit it shows) and submits it.
    void estimate(double value);

    /// The learner's class code (ChoiceOrder): everyone with the same code sees a question's choices in
    /// the same order. Stored in the settings under kClassCodeKey; empty by default.
    QString classCode() const { return m_classCode; }
    void setClassCode(const QString& code);
    /// Class Code…: asks for the learner's class code in a small dialog of the panel's (not modal).
    void askClassCode();
    static constexpr const char* kClassCodeKey = "lessons/classCode";

Q_SIGNALS:
    void injectRequested(const InjectionSpec& spec);
    /// Run This Variant: a new run of the open scenario as `variant` is, played. The reference is valid only
    /// during the emission (the scenario it belongs to may be replaced by the run it asks for).
    void variantRequested(const LessonVariant& variant);
    void judgeRequested();
    /// The Glossary button: show docs/glossary.md where the Help menu shows the manual.
    void glossaryRequested();
    /// For the learner's progress (CourseProgress): the panel shows step `step` now (a lesson opened, Previous,
    /// Next); the answer to step `step`'s question was right or not (a choice when submitted, an estimate when
    /// a run has ended, again at each run's end); an estimate was submitted on step `step`, to be judged later.
    void stepShown(int step);
    void answered(int step, bool right);
    void estimated(int step);

private:
    void showStep();
    void showChecks();
    /// Adds check `c` to the list as its verdict stands; counts it under its standing.
    void addCheck(const ScenarioCheck& c, const QFont& font, std::map<CheckJudge::Standing, int>& counts);
    /// Whether step `index` asks a question the learner has not answered yet.
    bool isOpenQuestion(int index) const;
    void showClassCode();
    /// Shows untrusted lesson Markdown in `label`; rendered again when its pictures arrive.
    void setMarkdown(QLabel* label, const QString& markdown);
    void renderMarkdown();
    void render(QLabel* label, const QString& markdown);
    void submitAnswer();
    /// Emits answered() for every estimate the run's end values judge.
    void reportEstimates();
    /// Says how the learner's estimate on the current step compares with the run, if it is answered.
    void showEstimateVerdict();
    /// The number in the estimate field, in the figure's own unit; nothing if it is not a number.
    std::optional<double> typedEstimate() const;
    /// The figure the current step's estimate is about; null if it is no estimate question.
    const LessonFigure* estimatedFigure() const;
    const LessonStep* step() const;
    /// The lesson variant the current step's action stands for, or null.
    const LessonVariant* stepVariant() const;

    const Scenario* m_scenario = nullptr;
    int m_step = 0;
    std::map<int, int> m_answers; ///< step → the choice the learner submitted
    std::map<int, double> m_estimates; ///< step → the estimate the learner submitted, in the figure's unit
    QString m_classCode;
    std::vector<int> m_order; ///< the current question's choices as shown: position → index into its choices
    std::map<QString, CheckJudge::Verdict> m_verdicts; ///< check id → its latest verdict
    QSet<QString> m_failedSoFar; ///< the checks some verdict of this run found failing before its end
    bool m_ended = false; ///< the latest verdicts are the run's end's
    QJsonObject m_figures; ///< figure name → its text on the run now
    QJsonObject m_values; ///< figure name → its value on the run now
    QJsonObject m_endValues; ///< figure name → its value at the end of the run; empty until it has ended
    LessonContent* m_content = new LessonContent(this);
    std::map<QLabel*, QString> m_markdown; ///< the Markdown each text label shows
    RefreshThrottle* m_judge = new RefreshThrottle([this] { Q_EMIT judgeRequested(); }, this);

    QLabel* m_title = nullptr;
    QLabel* m_position = nullptr;
    QToolButton* m_glossary = nullptr;
    QToolButton* m_classCodeButton = nullptr;
    QPushButton* m_previous = nullptr;
    QPushButton* m_next = nullptr;
    QLabel* m_text = nullptr;
    QGroupBox* m_actionBox = nullptr;
    QLabel* m_action = nullptr;
    QPushButton* m_doIt = nullptr;
    QGroupBox* m_questionBox = nullptr;
    QLabel* m_prompt = nullptr;
    QWidget* m_choices = nullptr;
    QButtonGroup* m_choiceGroup = nullptr;
    QWidget* m_estimateRow = nullptr;
    QLineEdit* m_estimateField = nullptr;
    QLabel* m_estimateUnit = nullptr;
    QPushButton* m_submit = nullptr;
    QLabel* m_estimateVerdict = nullptr;
    QLabel* m_feedback = nullptr;
    QLabel* m_checksHeader = nullptr;
    WrappingListWidget* m_checks = nullptr;
};

} // namespace eventloom
