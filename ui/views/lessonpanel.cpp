#include "lessonpanel.h"

#include "lessons/choiceorder.h"
#include "lessons/lessonfigures.h"
#include "richtextguard.h"
#include "wrappinglistwidget.h"

#include <QButtonGroup>
#include <QDoubleValidator>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMouseEvent>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

namespace eventloom {

namespace {
// Okabe–Ito: distinguishable with every common colour-vision deficiency; the glyphs carry it too.
const QColor kPassed(0, 114, 178);
const QColor kFailed(213, 94, 0);
constexpr const char* kOwnToolTip = "eventloomOwnToolTip";
/// A duration is estimated in milliseconds; the figure's own unit is microseconds.
constexpr double kUsPerMs = 1000.0;
constexpr double kMaxEstimate = 1e12;

/// A label for lesson text: rich text made by LessonContent, links opened only after asking.
QLabel* wrappingLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    label->setOpenExternalLinks(false);
    QObject::connect(label, &QLabel::linkActivated, label,
        [label](const QString& link) { LessonContent::openLink(QUrl(link), label->window()); });
    // Leaving a link brings back the label's own tooltip (the note on figures not filled in yet).
    QObject::connect(label, &QLabel::linkHovered, label, [label](const QString& link) {
        label->setToolTip(link.isEmpty() ? label->property(kOwnToolTip).toString() : link);
    });
    return label;
}

/// What a step's Run This Variant does, in words.
QString variantToolTip(const LessonVariant& v)
{
    QString tip = v.asShipped() ? LessonPanel::tr("Starts a new run of the scenario as shipped")
                                : LessonPanel::tr("Starts a new run of the scenario: %1").arg(v.title);
    if (!v.set.isEmpty())
        tip += LessonPanel::tr("; settings %1").arg(v.set.join(QStringLiteral(", ")));
    if (!v.inject.isEmpty())
        tip += LessonPanel::tr("; injects %1").arg(v.inject.join(QStringLiteral(", ")));
    return tip + LessonPanel::tr(". The run plays; the lesson stays on this step.");
}

/// A choice of a question: its letter on the radio button, its text beside it in a label that wraps (a
/// button's own text never does), a click on the text picking it as a click on the button would.
class ChoiceText final : public QLabel {
public:
    ChoiceText(const QString& text, QRadioButton* radio, QWidget* parent)
        : QLabel(text, parent)
        , m_radio(radio)
    {
        setTextFormat(Qt::PlainText); // a choice from a scenario file is never markup
        setWordWrap(true);
        setBuddy(radio);
    }

protected:
    void mouseReleaseEvent(QMouseEvent* event) override
    {
        if (m_radio->isEnabled() && rect().contains(event->position().toPoint()))
            m_radio->click();
        QLabel::mouseReleaseEvent(event);
    }

private:
    QRadioButton* m_radio;
};
}

LessonPanel::LessonPanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("lessonPanel"));
    auto* layout = new QVBoxLayout(this);

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("lessonTitle"));
    m_title->setTextFormat(Qt::PlainText); // a title from a scenario file is never markup
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);

    auto* navigation = new QHBoxLayout;
    m_previous = new QPushButton(tr("◀ Previous"), this);
    m_previous->setObjectName(QStringLiteral("lessonPrevious"));
    m_position = new QLabel(this);
    m_position->setObjectName(QStringLiteral("lessonPosition"));
    m_position->setAlignment(Qt::AlignCenter);
    m_next = new QPushButton(tr("Next ▶"), this);
    m_next->setObjectName(QStringLiteral("lessonNext"));
    navigation->addWidget(m_previous);
    navigation->addWidget(m_position, 1);
    navigation->addWidget(m_next);
    layout->addLayout(navigation);
    connect(m_previous, &QPushButton::clicked, this, [this] { setCurrentStep(m_step - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { setCurrentStep(m_step + 1); });

    // The glossary, one click from the lesson; the class code that orders the questions' choices.
    auto* tools = new QHBoxLayout;
    m_glossary = new QToolButton(this);
    m_glossary->setObjectName(QStringLiteral("lessonGlossary"));
    m_glossary->setText(tr("Glossary"));
    m_glossary->setToolTip(tr("What the lessons' words mean: event, message, record, instance, log, replay, version…"));
    m_glossary->setAutoRaise(true);
    connect(m_glossary, &QToolButton::clicked, this, &LessonPanel::glossaryRequested);
    m_classCodeButton = new QToolButton(this);
    m_classCodeButton->setObjectName(QStringLiteral("lessonClassCode"));
    m_classCodeButton->setAutoRaise(true);
    connect(m_classCodeButton, &QToolButton::clicked, this, &LessonPanel::askClassCode);
    tools->addWidget(m_glossary);
    tools->addStretch(1);
    tools->addWidget(m_classCodeButton);
    layout->addLayout(tools);
    m_classCode = QSettings().value(QLatin1String(kClassCodeKey)).toString();
    showClassCode();

    // The step's text, its action and its question scroll together, so nothing is squeezed.
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("lessonScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* page = new QWidget(scroll);
    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 4, 0);
    m_text = wrappingLabel(QStringLiteral("lessonText"), page);
    m_text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    pageLayout->addWidget(m_text);

    m_actionBox = new QGroupBox(tr("Your turn"), page);
    m_actionBox->setObjectName(QStringLiteral("lessonAction"));
    auto* actionLayout = new QVBoxLayout(m_actionBox); // the text the whole width, the button below it
    m_action = wrappingLabel(QStringLiteral("lessonActionText"), m_actionBox);
    m_doIt = new QPushButton(tr("Do it"), m_actionBox);
    m_doIt->setObjectName(QStringLiteral("lessonDoIt"));
    actionLayout->addWidget(m_action);
    actionLayout->addWidget(m_doIt, 0, Qt::AlignLeft);
    pageLayout->addWidget(m_actionBox);
    connect(m_doIt, &QPushButton::clicked, this, [this] {
        const LessonStep* s = step();
        if (s && s->inject)
            Q_EMIT injectRequested(*s->inject);
        else if (const LessonVariant* v = stepVariant())
            Q_EMIT variantRequested(*v);
    });

    m_questionBox = new QGroupBox(tr("Predict, then observe"), page);
    m_questionBox->setObjectName(QStringLiteral("lessonQuestion"));
    auto* questionLayout = new QVBoxLayout(m_questionBox);
    m_prompt = wrappingLabel(QStringLiteral("lessonPrompt"), m_questionBox);
    questionLayout->addWidget(m_prompt);
    m_choices = new QWidget(m_questionBox);
    m_choices->setLayout(new QVBoxLayout);
    m_choices->layout()->setContentsMargins(0, 0, 0, 0);
    questionLayout->addWidget(m_choices);
    m_choiceGroup = new QButtonGroup(this);
    // An estimate question: a number typed in the learner's own locale, its unit beside it.
    m_estimateRow = new QWidget(m_questionBox);
    auto* estimateLayout = new QHBoxLayout(m_estimateRow);
    estimateLayout->setContentsMargins(0, 0, 0, 0);
    m_estimateField = new QLineEdit(m_estimateRow);
    m_estimateField->setObjectName(QStringLiteral("lessonEstimate"));
    m_estimateField->setPlaceholderText(tr("Your estimate"));
    auto* validator = new QDoubleValidator(-kMaxEstimate, kMaxEstimate, 3, m_estimateField);
    validator->setNotation(QDoubleValidator::StandardNotation);
    m_estimateField->setValidator(validator);
    m_estimateUnit = new QLabel(m_estimateRow);
    m_estimateUnit->setObjectName(QStringLiteral("lessonEstimateUnit"));
    m_estimateUnit->setTextFormat(Qt::PlainText); // a unit from a scenario file is never markup
    m_estimateUnit->setBuddy(m_estimateField);
    estimateLayout->addWidget(m_estimateField);
    estimateLayout->addWidget(m_estimateUnit);
    estimateLayout->addStretch(1);
    questionLayout->addWidget(m_estimateRow);
    m_submit = new QPushButton(tr("Check My Answer"), m_questionBox);
    m_submit->setObjectName(QStringLiteral("lessonSubmit"));
    m_submit->setEnabled(false);
    questionLayout->addWidget(m_submit, 0, Qt::AlignLeft);
    m_estimateVerdict = new QLabel(m_questionBox);
    m_estimateVerdict->setObjectName(QStringLiteral("lessonEstimateVerdict"));
    m_estimateVerdict->setTextFormat(Qt::PlainText);
    m_estimateVerdict->setWordWrap(true);
    questionLayout->addWidget(m_estimateVerdict);
    m_feedback = wrappingLabel(QStringLiteral("lessonFeedback"), m_questionBox);
    questionLayout->addWidget(m_feedback);
    pageLayout->addWidget(m_questionBox);
    pageLayout->addStretch(1);
    scroll->setWidget(page);
    layout->addWidget(scroll, 3);
    connect(m_choiceGroup, &QButtonGroup::idClicked, this, [this] { m_submit->setEnabled(true); });
    connect(
        m_estimateField, &QLineEdit::textChanged, this, [this] { m_submit->setEnabled(typedEstimate().has_value()); });
    connect(m_estimateField, &QLineEdit::returnPressed, this, &LessonPanel::submitAnswer);
    connect(m_submit, &QPushButton::clicked, this, &LessonPanel::submitAnswer);

    m_checksHeader = new QLabel(this);
    m_checksHeader->setObjectName(QStringLiteral("lessonChecksHeader"));
    m_checksHeader->setWordWrap(true);
    layout->addWidget(m_checksHeader);
    m_checks = new WrappingListWidget(this);
    m_checks->setObjectName(QStringLiteral("lessonChecks"));
    m_checks->setSelectionMode(QAbstractItemView::NoSelection);
    m_checks->setMinimumHeight(90);
    layout->addWidget(m_checks, 1);

    connect(m_content, &LessonContent::imagesChanged, this, &LessonPanel::renderMarkdown);
    setScenario(nullptr);
}

void LessonPanel::setScenario(const Scenario* scenario, PictureFolder pictures)
{
    m_scenario = scenario;
    const bool hasFolder = scenario && pictures == PictureFolder::OfScenarioFile && !scenario->file.isEmpty();
    m_content->setFolder(hasFolder ? QFileInfo(scenario->file).absolutePath() : QString());
    m_step = 0;
    m_answers.clear();
    m_estimates.clear();
    m_verdicts.clear();
    m_failedSoFar.clear();
    m_ended = false;
    m_figures = {};
    m_values = {};
    m_endValues = {};
    showStep();
    Q_EMIT stepShown(m_step);
}

const LessonStep* LessonPanel::step() const
{
    if (!m_scenario || !m_scenario->lesson || m_step < 0 || m_step >= stepCount())
        return nullptr;
    return &m_scenario->lesson->steps[static_cast<std::size_t>(m_step)];
}

const LessonVariant* LessonPanel::stepVariant() const
{
    const LessonStep* s = step();
    return s && !s->variant.isEmpty() ? m_scenario->lesson->variant(s->variant) : nullptr;
}

int LessonPanel::stepCount() const
{
    return m_scenario && m_scenario->lesson ? static_cast<int>(m_scenario->lesson->steps.size()) : 0;
}

void LessonPanel::setCurrentStep(int step)
{
    m_step = std::clamp(step, 0, std::max(0, stepCount() - 1));
    showStep();
    Q_EMIT stepShown(m_step);
}

void LessonPanel::showStep()
{
    const LessonStep* s = step();
    const Lesson* lesson = m_scenario && m_scenario->lesson ? &*m_scenario->lesson : nullptr;
    m_title->setText(lesson ? lesson->title : (m_scenario ? m_scenario->title : tr("No scenario open")));
    m_previous->setEnabled(m_step > 0);
    m_next->setEnabled(m_step + 1 < stepCount());
    m_position->setText(s ? tr("Step %1 of %2").arg(m_step + 1).arg(stepCount()) : QString());

    QString markdown;
    if (!lesson) {
        markdown = m_scenario ? tr("This scenario has no lesson. Its checks, if any, are listed below.") : QString();
    } else {
        if (m_step == 0) {
            if (!lesson->summary.isEmpty())
                markdown += lesson->summary + QStringLiteral("\n\n");
            if (!lesson->goals.isEmpty()) {
                markdown += tr("**After this lesson you can:**") + QStringLiteral("\n\n");
                for (const QString& goal : lesson->goals)
                    markdown += QStringLiteral("- ") + goal + u'\n';
                markdown += QStringLiteral("\n---\n\n");
            }
        }
        markdown += QStringLiteral("### ") + s->title + QStringLiteral("\n\n") + s->text;
    }
    setMarkdown(m_text, markdown);

    const LessonVariant* variant = stepVariant();
    m_actionBox->setVisible(s && (!s->action.isEmpty() || s->inject || variant));
    if (s && variant) {
        setMarkdown(m_action, s->action.isEmpty() ? variant->title + u'.' : s->action);
        m_doIt->setVisible(true);
        m_doIt->setText(variant->asShipped() ? tr("Run It As Shipped") : tr("Run This Variant"));
        m_doIt->setToolTip(RichTextGuard::literal(variantToolTip(*variant)));
    } else if (s) {
        const QString inject = s->inject ? s->inject->text() : QString();
        setMarkdown(m_action, s->action.isEmpty() ? tr("Inject `%1`.").arg(inject) : s->action);
        m_doIt->setVisible(s->inject.has_value());
        m_doIt->setText(tr("Do it"));
        // A widget's tooltip is auto-detected rich text.
        m_doIt->setToolTip(RichTextGuard::literal(
            tr("Injects %1 and plays the run; a run that has ended (or is past the injection's time) starts again "
               "from the beginning.")
                .arg(inject)));
    }

    // The question: fresh radio buttons, or the learner's answer and the explanation.
    for (QAbstractButton* button : m_choiceGroup->buttons()) {
        m_choiceGroup->removeButton(button);
        delete button->parentWidget(); // its row, with the choice's text
    }
    const bool hasQuestion = s && s->question;
    m_questionBox->setVisible(hasQuestion);
    if (hasQuestion) {
        const LessonQuestion& q = *s->question;
        setMarkdown(m_prompt, q.prompt);
        const auto answered = m_answers.find(m_step);
        // Shown shuffled for the class, lettered by where they are shown; a button's id stays the
        // choice's index in the lesson, which is what the answer is judged by.
        m_order = ChoiceOrder::permutation(m_scenario->id, m_step, static_cast<int>(q.choices.size()), m_classCode);
        for (std::size_t shown = 0; shown < m_order.size(); ++shown) {
            const int i = m_order[shown];
            auto* row = new QWidget(m_choices);
            auto* rowLayout = new QHBoxLayout(row);
            rowLayout->setContentsMargins(0, 0, 0, 0);
            auto* radio = new QRadioButton(ChoiceOrder::letter(static_cast<int>(shown)), row);
            radio->setObjectName(QStringLiteral("lessonChoice%1").arg(i));
            radio->setAccessibleName(
                ChoiceOrder::letter(static_cast<int>(shown)) + QStringLiteral(": ") + q.choices[i]);
            auto* text = new ChoiceText(q.choices[i], radio, row);
            text->setObjectName(QStringLiteral("lessonChoiceText%1").arg(i));
            rowLayout->addWidget(radio, 0, Qt::AlignTop);
            rowLayout->addWidget(text, 1);
            m_choiceGroup->addButton(radio, i);
            m_choices->layout()->addWidget(row);
            row->show(); // now, not when the layout gets to it: the question is whole as soon as it shows
            if (answered != m_answers.end()) {
                radio->setChecked(answered->second == i);
                radio->setEnabled(false);
            }
        }
        const LessonFigure* figure = estimatedFigure();
        const auto estimated = m_estimates.find(m_step);
        const bool isEstimate = q.estimate.has_value();
        const bool submitted = isEstimate ? estimated != m_estimates.end() : answered != m_answers.end();
        m_estimateRow->setVisible(isEstimate);
        if (isEstimate) {
            const bool duration = figure && figure->format == LessonFigure::Format::Duration;
            const QString unit = duration ? tr("ms") : q.estimate->unit;
            m_estimateUnit->setText(unit);
            m_estimateField->setAccessibleName(
                unit.isEmpty() ? tr("Your estimate") : tr("Your estimate, in %1").arg(unit));
            m_estimateField->setText(submitted ? m_estimateField->validator()->locale().toString(
                                         estimated->second / (duration ? kUsPerMs : 1.0), 'g', 12)
                                               : QString());
            m_estimateField->setReadOnly(submitted);
            m_estimateField->setEnabled(!submitted);
        }
        m_submit->setVisible(!submitted);
        m_submit->setEnabled(false);
        if (!submitted) {
            setMarkdown(m_feedback, QString());
            m_feedback->setVisible(false);
        } else if (isEstimate) {
            setMarkdown(m_feedback, q.explanation);
            m_feedback->setVisible(true);
        } else {
            const bool right = answered->second == q.answer;
            const int shownAt = static_cast<int>(std::find(m_order.begin(), m_order.end(), q.answer) - m_order.begin());
            setMarkdown(m_feedback,
                (right ? tr("**✓ Right.**")
                       : tr("**✗ Not quite** — the answer is %1, “%2”.")
                             .arg(ChoiceOrder::letter(shownAt), q.choices[q.answer]))
                    + QStringLiteral(" ") + q.explanation);
            m_feedback->setVisible(true);
        }
    }
    showEstimateVerdict();
    showChecks();
}

const LessonFigure* LessonPanel::estimatedFigure() const
{
    const LessonStep* s = step();
    if (!s || !s->question || !s->question->estimate)
        return nullptr;
    const std::vector<LessonFigure>& figures = m_scenario->lesson->figures;
    const auto f = std::find_if(
        figures.begin(), figures.end(), [&](const LessonFigure& x) { return x.name == s->question->estimate->figure; });
    return f == figures.end() ? nullptr : &*f;
}

std::optional<double> LessonPanel::typedEstimate() const
{
    const LessonFigure* figure = estimatedFigure();
    QString text = m_estimateField->text().trimmed();
    int position = 0;
    if (!figure || text.isEmpty() || m_estimateField->validator()->validate(text, position) != QValidator::Acceptable)
        return std::nullopt;
    bool ok = false;
    const double value = m_estimateField->validator()->locale().toDouble(text, &ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return figure->format == LessonFigure::Format::Duration ? value * kUsPerMs : value;
}

void LessonPanel::showEstimateVerdict()
{
    const LessonStep* s = step();
    const LessonFigure* figure = estimatedFigure();
    const auto estimated = m_estimates.find(m_step);
    if (!figure || estimated == m_estimates.end()) {
        m_estimateVerdict->clear();
        m_estimateVerdict->setVisible(false);
        return;
    }
    const LessonEstimate& e = *s->question->estimate;
    const bool duration = figure->format == LessonFigure::Format::Duration;
    // In the unit the learner typed: a duration in milliseconds, so that the numbers compare at a glance.
    const auto shown = [&](double v) -> QString {
        return duration ? LessonFigures::format(v / kUsPerMs, LessonFigure::Format::Number) + QStringLiteral(" ms")
                        : LessonFigures::format(v, LessonFigure::Format::Number);
    };
    const auto ofRun = [&](const QJsonValue& v) -> QString {
        return duration && v.isDouble() ? shown(v.toDouble()) : LessonFigures::format(v, figure->format);
    };
    // The unit after a number: "1 event", "2 events" (lessons are written in English, units in the plural).
    const auto unit = [&](const QJsonValue& v) -> QString {
        if (duration || e.unit.isEmpty())
            return {};
        const bool one = v.isDouble() && v.toDouble() == 1 && e.unit.size() > 1 && e.unit.endsWith(u's')
            && !e.unit.endsWith(QLatin1String("ss"));
        return u' ' + (one ? e.unit.chopped(1) : e.unit);
    };
    const double guess = estimated->second;
    QString text = tr("Your estimate: %1%2.").arg(shown(guess), unit(guess));
    QString state = QStringLiteral("unknown");
    const QJsonValue end = m_endValues.value(figure->name);
    const QJsonValue now = m_values.value(figure->name);
    if (end.isDouble()) {
        const double actual = end.toDouble();
        const QString run = ofRun(end) + unit(end);
        const QString band = shown(e.band(actual));
        const bool exact = e.band(actual) <= 0;
        if (e.accepts(guess, actual)) {
            state = QStringLiteral("right");
            text = exact ? tr("✓ Right. %1 The run: %2, exactly.").arg(text, run)
                         : tr("✓ Right. %1 The run: %2, and you were within ±%3.").arg(text, run, band);
        } else {
            state = QStringLiteral("wrong");
            const QString off = shown(std::abs(guess - actual));
            text = exact ? tr("✗ Not quite. %1 The run: %2 — you were off by %3; only the exact number counts here.")
                               .arg(text, run, off)
                         : tr("✗ Not quite. %1 The run: %2 — you were off by %3; within ±%4 would have been right.")
                               .arg(text, run, off, band);
        }
    } else if (!end.isUndefined()) {
        text += u' ' + tr("The run: %1.").arg(ofRun(end));
    } else if (!now.isUndefined()) {
        text += u' '
            + tr("The run so far: %1%2. You will see how close you were when the run has ended.")
                  .arg(ofRun(now), unit(now));
    } else {
        text += u' ' + tr("Play the run to the end to see how close you were.");
    }
    m_estimateVerdict->setText(text);
    m_estimateVerdict->setProperty("verdict", state);
    QPalette palette = this->palette();
    if (state != QLatin1String("unknown"))
        palette.setColor(QPalette::WindowText, state == QLatin1String("right") ? kPassed : kFailed);
    m_estimateVerdict->setPalette(palette);
    QFont font = m_estimateVerdict->font();
    font.setBold(state != QLatin1String("unknown"));
    m_estimateVerdict->setFont(font);
    m_estimateVerdict->setVisible(true);
}

void LessonPanel::setMarkdown(QLabel* label, const QString& markdown)
{
    m_markdown[label] = markdown;
    render(label, markdown);
}

void LessonPanel::renderMarkdown()
{
    for (const auto& [label, markdown] : m_markdown)
        render(label, markdown);
}

void LessonPanel::render(QLabel* label, const QString& markdown)
{
    bool missing = false;
    label->setText(markdown.isEmpty() ? QString() : m_content->toHtml(markdown, &m_figures, &missing));
    const QString note = missing
        ? tr("Numbers shown as %1 are filled in from the run once it has been played.").arg(LessonFigures::missing())
        : QString();
    label->setProperty(kOwnToolTip, note);
    label->setToolTip(note); // plain text
}

void LessonPanel::setFigures(const QJsonObject& values)
{
    if (values != m_values) {
        m_values = values;
        showEstimateVerdict();
    }
    const QJsonObject texts
        = m_scenario && m_scenario->lesson ? LessonFigures::texts(m_scenario->lesson->figures, values) : QJsonObject();
    if (texts == m_figures)
        return;
    m_figures = texts;
    renderMarkdown();
}

void LessonPanel::setEndFigures(const QJsonObject& values)
{
    if (values == m_endValues)
        return;
    m_endValues = values;
    showEstimateVerdict();
    reportEstimates();
}

void LessonPanel::reportEstimates()
{
    for (const auto& [index, guess] : m_estimates) {
        const LessonEstimate& e = *m_scenario->lesson->steps[static_cast<std::size_t>(index)].question->estimate;
        if (const QJsonValue actual = m_endValues.value(e.figure); actual.isDouble())
            Q_EMIT answered(index, e.accepts(guess, actual.toDouble()));
    }
}

void LessonPanel::estimate(double value)
{
    const LessonStep* s = step();
    if (!s || !s->question || !s->question->estimate || m_estimates.contains(m_step))
        return;
    m_estimateField->setText(m_estimateField->validator()->locale().toString(value, 'g', 12));
    m_submit->click();
}

void LessonPanel::answer(int index)
{
    if (QAbstractButton* button = m_choiceGroup->button(index)) {
        button->click();
        m_submit->click();
    }
}

void LessonPanel::submitAnswer()
{
    const LessonStep* s = step();
    if (!s || !s->question)
        return;
    if (s->question->estimate) {
        const std::optional<double> typed = typedEstimate();
        if (!typed || m_estimates.contains(m_step))
            return;
        m_estimates[m_step] = *typed;
        Q_EMIT estimated(m_step);
        reportEstimates(); // judged at once if the run has ended
    } else {
        if (m_choiceGroup->checkedId() < 0)
            return;
        m_answers[m_step] = m_choiceGroup->checkedId();
        Q_EMIT answered(m_step, m_answers[m_step] == s->question->answer);
    }
    showStep();
}

void LessonPanel::setVerdicts(const std::vector<CheckJudge::Verdict>& verdicts, bool ended)
{
    m_ended = ended;
    for (const CheckJudge::Verdict& verdict : verdicts) {
        m_verdicts[verdict.id] = verdict;
        if (!verdict.passed && !ended)
            m_failedSoFar.insert(verdict.id); // an `always` check stays failed once it did not hold
    }
    showChecks();
}

void LessonPanel::clearVerdicts()
{
    m_verdicts.clear();
    m_failedSoFar.clear();
    m_ended = false;
    m_values = {};
    m_endValues = {};
    showEstimateVerdict();
    if (!m_figures.isEmpty()) {
        m_figures = {};
        renderMarkdown();
    }
    m_judge->cancel();
    showChecks();
}

void LessonPanel::runAdvanced()
{
    if (!m_scenario || (m_scenario->checks.empty() && !(m_scenario->lesson && !m_scenario->lesson->figures.empty())))
        return;
    m_judge->changed();
}

bool LessonPanel::isOpenQuestion(int index) const
{
    if (!m_scenario || !m_scenario->lesson || index < 0 || index >= stepCount())
        return false;
    const std::optional<LessonQuestion>& q = m_scenario->lesson->steps[static_cast<std::size_t>(index)].question;
    return q && (q->estimate ? !m_estimates.contains(index) : !m_answers.contains(index));
}

void LessonPanel::showChecks()
{
    m_checks->clear();
    if (!m_scenario || m_scenario->checks.empty()) {
        m_checksHeader->setText(m_scenario ? tr("This scenario has no checks.") : QString());
        return;
    }
    // The current step's checks first, then the others.
    std::vector<const ScenarioCheck*> ordered;
    const LessonStep* s = step();
    for (const ScenarioCheck& c : m_scenario->checks)
        if (s && s->checks.contains(c.id))
            ordered.push_back(&c);
    const std::size_t stepChecks = ordered.size();
    for (const ScenarioCheck& c : m_scenario->checks)
        if (!s || !s->checks.contains(c.id))
            ordered.push_back(&c);

    // A check's title, and its verdict, often give away the answer to a question: the question of a
    // step that lists it, or one asked before the lesson reaches it. Until every such question is
    // answered, the check shows only as a placeholder. The current step's own checks follow the current
    // step alone, so that they show as soon as its question is answered (or at once if it asks none).
    const std::vector<LessonStep>* steps = m_scenario->lesson ? &m_scenario->lesson->steps : nullptr;
    const auto firstListing = [&](const QString& id) { // the first step that lists check `id`; stepCount() for none
        int k = 0;
        while (k < stepCount() && !(*steps)[static_cast<std::size_t>(k)].checks.contains(id))
            ++k;
        return k;
    };
    const auto hiddenBy = [&](std::size_t i) -> int { // the step whose unanswered question hides check i; -1 for none
        if (i < stepChecks)
            return isOpenQuestion(m_step) ? m_step : -1;
        const int first = firstListing(ordered[i]->id);
        for (int k = 0; k < stepCount(); ++k)
            if (isOpenQuestion(k)
                && (k <= first || (*steps)[static_cast<std::size_t>(k)].checks.contains(ordered[i]->id)))
                return k;
        return -1;
    };

    std::map<CheckJudge::Standing, int> counts;
    int hidden = 0;
    for (std::size_t i = 0; i < ordered.size(); ++i) {
        const ScenarioCheck& c = *ordered[i];
        QFont font = m_checks->font();
        font.setBold(i < stepChecks);
        if (const int by = hiddenBy(i); by >= 0) {
            ++hidden;
            const int first = firstListing(c.id);
            QString text;
            if (i < stepChecks)
                text = tr("Check %1 of %2 — shown once you have answered").arg(i + 1).arg(stepChecks);
            else if (first == by)
                text = tr("A check of step %1 — shown once you have answered its question").arg(by + 1);
            else if (first < stepCount())
                text = tr("A check of step %1 — shown once you have answered step %2's question")
                           .arg(first + 1)
                           .arg(by + 1);
            else
                text = tr("A check of the lesson — shown once you have answered step %1's question").arg(by + 1);
            auto* item = new QListWidgetItem(QStringLiteral("○ ") + text, m_checks);
            item->setData(Qt::UserRole, c.id);
            item->setData(Qt::UserRole + 1, QStringLiteral("hidden"));
            item->setToolTip(tr("What this check says, and whether it holds, could give the answer away."));
            item->setFont(font);
            continue;
        }
        addCheck(c, font, counts);
    }
    using S = CheckJudge::Standing;
    const int shown = static_cast<int>(m_scenario->checks.size()) - hidden;
    const QString checks = hidden == 0 ? tr("Checks") : tr("Checks shown");
    if (m_verdicts.empty())
        m_checksHeader->setText(tr("Checks (judged as the run goes):"));
    else if (shown == 0)
        m_checksHeader->setText((m_ended ? tr("Checks at the end of the run") : tr("Checks while the run goes"))
            + tr(": none shown yet, each waits for the answer to its question"));
    else if (m_ended)
        m_checksHeader->setText(
            tr("%1 at the end of the run: %2 of %3 hold").arg(checks).arg(counts[S::Holds]).arg(shown));
    else
        m_checksHeader->setText(
            (counts[S::HoldsSoFar] == 1 ? tr("%1 while the run goes: %2 failed, %3 holds so far, %4 judged at its end")
                                        : tr("%1 while the run goes: %2 failed, %3 hold so far, %4 judged at its end"))
                .arg(checks)
                .arg(counts[S::Failed])
                .arg(counts[S::HoldsSoFar])
                .arg(counts[S::Pending]));
    m_checks->fitRows();
}

void LessonPanel::addCheck(const ScenarioCheck& c, const QFont& font, std::map<CheckJudge::Standing, int>& counts)
{
    using S = CheckJudge::Standing;
    const auto verdict = m_verdicts.find(c.id);
    const bool always = c.when == ScenarioCheck::When::Always;
    const QString when = always ? tr(" (at every moment)") : QString();
    auto* item = new QListWidgetItem(m_checks);
    item->setData(Qt::UserRole, c.id);
    item->setFont(font);
    if (verdict == m_verdicts.end()) {
        item->setText(QStringLiteral("… ") + c.title + when + QStringLiteral(" (") + c.id + u')');
        item->setData(Qt::UserRole + 1, QStringLiteral("unknown"));
        item->setToolTip(c.expect + QStringLiteral("\n\n") + tr("not judged yet")); // plain text (RichTextGuard)
        return;
    }
    const S standing = CheckJudge::standing(c.when, verdict->second.passed, m_ended, m_failedSoFar.contains(c.id));
    ++counts[standing];
    static const std::map<S, const char*> states { { S::Pending, "pending" }, { S::HoldsSoFar, "holdsSoFar" },
        { S::Holds, "passed" }, { S::Failed, "failed" } };
    QString text;
    QString note;
    switch (standing) {
    case S::Pending:
        text = QStringLiteral("… ") + c.title + tr(" — judged when the run ends");
        note = tr("About the end of the run: judged when it has ended. Now: %1").arg(verdict->second.detail);
        break;
    case S::HoldsSoFar:
        text = QStringLiteral("✓ ") + c.title + when + tr(" — holds so far");
        note = verdict->second.detail;
        break;
    case S::Holds:
    case S::Failed:
        text = (standing == S::Holds ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + c.title + when;
        note = verdict->second.detail;
        item->setForeground(standing == S::Holds ? kPassed : kFailed);
        break;
    }
    item->setText(text + QStringLiteral(" (") + c.id + u')'); // the id too: lesson text may name a check by it
    item->setData(Qt::UserRole + 1, QLatin1String(states.at(standing)));
    item->setToolTip(c.expect + QStringLiteral("\n\n") + note); // plain text: item tooltips show as text
}

void LessonPanel::setClassCode(const QString& code)
{
    const QString trimmed = code.trimmed();
    QSettings().setValue(QLatin1String(kClassCodeKey), trimmed);
    if (trimmed == m_classCode)
        return;
    m_classCode = trimmed;
    showClassCode();
    showStep(); // the same answers, the choices in the class's order
}

void LessonPanel::showClassCode()
{
    m_classCodeButton->setText(m_classCode.isEmpty() ? tr("Class Code…") : tr("Class: %1…").arg(m_classCode));
    m_classCodeButton->setToolTip(tr("Everyone with the same class code sees each question's choices in the same "
                                     "order, so that a class can talk about “choice B”."));
}

void LessonPanel::askClassCode()
{
    auto* dialog = findChild<QInputDialog*>(QStringLiteral("classCodeDialog"));
    if (!dialog) {
        dialog = new QInputDialog(this);
        dialog->setObjectName(QStringLiteral("classCodeDialog"));
        dialog->setWindowTitle(tr("Class Code"));
        dialog->setLabelText(tr("The code your teacher gave the class (leave it empty if you have none).\n"
                                "Everyone with the same code sees each question's choices in the same order."));
        dialog->setInputMode(QInputDialog::TextInput);
        connect(dialog, &QInputDialog::textValueSelected, this, &LessonPanel::setClassCode);
    }
    dialog->setTextValue(m_classCode);
    dialog->open();
}

} // namespace eventloom
