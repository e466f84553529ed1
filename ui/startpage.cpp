#include "startpage.h"

#include "courseprogress.h"
#include "models/coursemodel.h"
#include "views/coursedelegate.h"

#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QShowEvent>
#include <QToolButton>
#include <QVBoxLayout>

namespace eventloom {

namespace {
QLabel* wrapping(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText); // titles, summaries and goals come from scenario files: never markup
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    return label;
}

QFont scaled(QFont font, double factor, bool bold)
{
    font.setPointSizeF(font.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}
}

StartPage::StartPage(CourseProgress* progress, QWidget* parent)
    : QWidget(parent)
    , m_progress(progress)
    , m_model(new CourseModel(progress, this))
{
    auto* title = new QLabel(tr("EventLoom"), this);
    title->setFont(scaled(title->font(), 1.8, true));
    auto* intro = new QLabel(tr("Watch event-driven systems run, step by step. The lessons below make a course: "
                                "take them in order, or pick one, or open a scenario file of your own."),
        this);
    intro->setWordWrap(true);

    // Continue where you left off: the lesson shown last, at the step it showed.
    m_continueBox = new QFrame(this);
    m_continueBox->setObjectName(QStringLiteral("continueBox"));
    static_cast<QFrame*>(m_continueBox)->setFrameShape(QFrame::StyledPanel);
    m_continueText = wrapping(QStringLiteral("continueText"), m_continueBox);
    m_continue = new QPushButton(tr("Continue Where You Left Off"), m_continueBox);
    m_continue->setObjectName(QStringLiteral("continueButton"));
    m_continue->setDefault(true);
    auto* continueLayout = new QHBoxLayout(m_continueBox);
    continueLayout->addWidget(m_continueText, 1);
    continueLayout->addWidget(m_continue, 0, Qt::AlignVCenter);

    m_courseHeader = wrapping(QStringLiteral("courseHeader"), this);
    m_courseHeader->setFont(scaled(m_courseHeader->font(), 1.1, true));
    m_resetAll = new QToolButton(this);
    m_resetAll->setObjectName(QStringLiteral("resetCourseButton"));
    m_resetAll->setText(tr("Reset All Progress…"));
    m_resetAll->setToolTip(tr("Forget the steps done and the predictions made in every lesson"));
    m_resetAll->setAutoRaise(true);
    auto* header = new QHBoxLayout;
    header->addWidget(m_courseHeader, 1);
    header->addWidget(m_resetAll, 0, Qt::AlignBottom);

    m_lessons = new QListView(this);
    m_lessons->setObjectName(QStringLiteral("lessonList"));
    m_lessons->setAccessibleName(tr("Lessons of the course"));
    m_lessons->setModel(m_model);
    auto* delegate = new CourseDelegate(m_lessons);
    m_lessons->setItemDelegate(delegate);
    // Rows wrap to the width: laid out again on any resize (a wrapping list does), and when a row's text changes.
    m_lessons->setWordWrap(true);
    m_lessons->setResizeMode(QListView::Adjust);
    connect(m_model, &CourseModel::dataChanged, delegate,
        [delegate](const QModelIndex& changed) { Q_EMIT delegate->sizeHintChanged(changed); });
    m_lessons->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_lessons->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_lessons->setAlternatingRowColors(true);
    m_lessons->setEditTriggers(QAbstractItemView::NoEditTriggers);

    // The lesson selected: what it is about, what the learner will be able to do, and how far they got.
    auto* detail = new QWidget;
    m_detailTitle = wrapping(QStringLiteral("lessonDetailTitle"), detail);
    m_detailTitle->setFont(scaled(m_detailTitle->font(), 1.15, true));
    m_detailFacts = wrapping(QStringLiteral("lessonDetailFacts"), detail);
    m_detailProgress = wrapping(QStringLiteral("lessonProgress"), detail);
    QFont progressFont = m_detailProgress->font();
    progressFont.setBold(true);
    m_detailProgress->setFont(progressFont);
    m_detailText = wrapping(QStringLiteral("lessonSummary"), detail);
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 6, 0);
    detailLayout->addWidget(m_detailTitle);
    detailLayout->addWidget(m_detailFacts);
    detailLayout->addWidget(m_detailProgress);
    detailLayout->addSpacing(6);
    detailLayout->addWidget(m_detailText);
    detailLayout->addStretch(1);
    auto* detailScroll = new QScrollArea(this);
    detailScroll->setObjectName(QStringLiteral("lessonDetail"));
    detailScroll->setWidgetResizable(true);
    detailScroll->setFrameShape(QFrame::NoFrame);
    detailScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    detailScroll->setWidget(detail);

    m_openLesson = new QPushButton(tr("Start Lesson"), this);
    m_openLesson->setObjectName(QStringLiteral("openLessonButton"));
    m_resetLesson = new QPushButton(tr("Reset Progress…"), this);
    m_resetLesson->setObjectName(QStringLiteral("resetLessonButton"));
    m_resetLesson->setToolTip(tr("Forget the steps done and the predictions made in this lesson"));
    auto* openFile = new QPushButton(tr("Open File…"), this);
    openFile->setObjectName(QStringLiteral("openFileButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(openFile);
    buttons->addStretch(1);
    buttons->addWidget(m_resetLesson);
    buttons->addWidget(m_openLesson);

    auto* columns = new QHBoxLayout;
    columns->addWidget(m_lessons, 5);
    columns->addWidget(detailScroll, 3);

    auto* column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(intro);
    column->addWidget(m_continueBox);
    column->addSpacing(6);
    column->addLayout(header);
    column->addLayout(columns, 1);
    column->addLayout(buttons);

    // A readable measure: the page does not stretch its lines across a very wide window.
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(20, 16, 20, 16);
    outer->addStretch(1);
    outer->addLayout(column, 14);
    outer->addStretch(1);

    connect(m_lessons->selectionModel(), &QItemSelectionModel::currentChanged, this, &StartPage::showLesson);
    connect(m_lessons, &QListView::activated, this, &StartPage::openCurrent);
    connect(m_openLesson, &QPushButton::clicked, this, &StartPage::openCurrent);
    connect(openFile, &QPushButton::clicked, this, &StartPage::openFileRequested);
    connect(m_resetLesson, &QPushButton::clicked, this, [this] { askReset(false); });
    connect(m_resetAll, &QToolButton::clicked, this, [this] { askReset(true); });
    connect(m_continue, &QPushButton::clicked, this, [this] {
        const QString id = m_progress->lastLesson();
        const int row = m_model->rowOf(id);
        const QString file = m_progress->lastFile();
        if (file.isEmpty() && row < 0)
            return;
        Q_EMIT lessonChosen(file.isEmpty() ? m_model->entry(row).path : file, m_progress->lesson(id).current);
    });
    connect(m_model, &CourseModel::dataChanged, this, [this] {
        showCourse();
        showLesson(m_lessons->currentIndex());
    });
    connect(m_progress, &CourseProgress::changed, this, &StartPage::showContinue);

    if (m_model->rowCount() > 0)
        m_lessons->setCurrentIndex(m_model->index(0));
    showCourse();
    showContinue();
}

bool StartPage::select(const QString& id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return false;
    m_lessons->setCurrentIndex(m_model->index(row));
    // In view, with as many of the lessons before it as fit: the course is read from the top.
    m_lessons->scrollToTop();
    m_lessons->scrollTo(m_model->index(row));
    return true;
}

void StartPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (!select(m_progress->lastLesson()) && m_lessons->currentIndex().isValid())
        m_lessons->scrollTo(m_lessons->currentIndex());
}

int StartPage::currentRow() const
{
    return m_lessons->currentIndex().isValid() ? m_lessons->currentIndex().row() : -1;
}

void StartPage::showCourse()
{
    using S = CourseModel::State;
    QString text = tr("Course: %1 lessons, %2 in all")
                       .arg(m_model->rowCount())
                       .arg(CourseModel::duration(m_model->totalMinutes()));
    const int done = m_model->count(S::Done);
    const int going = m_model->count(S::InProgress);
    if (done + going > 0)
        text += QStringLiteral(" · ") + tr("%1 done · %2 in progress").arg(done).arg(going);
    m_courseHeader->setText(text);
    m_resetAll->setEnabled(done + going > 0);
}

void StartPage::showContinue()
{
    const QString id = m_progress->lastLesson();
    const int row = m_model->rowOf(id);
    const QString file = m_progress->lastFile();
    // A lesson of the course, or one opened from a file that is still there.
    const bool can = !id.isEmpty() && (row >= 0 || (!file.isEmpty() && QFileInfo(file).isFile()));
    m_continueBox->setVisible(can);
    if (!can)
        return;
    const QString title = row >= 0 ? m_model->entry(row).title : QFileInfo(file).fileName();
    const LessonProgress progress = m_progress->lesson(id);
    m_continueText->setText(row >= 0
            ? tr("Last time you were on step %1 of %2 of lesson %3, “%4”.")
                  .arg(progress.current + 1)
                  .arg(m_model->entry(row).asks.size())
                  .arg(row + 1)
                  .arg(title)
            : tr("Last time you were on step %1 of “%2”.").arg(progress.current + 1).arg(title));
    m_continue->setAccessibleDescription(m_continueText->text());
}

void StartPage::showLesson(const QModelIndex& index)
{
    const bool has = index.isValid();
    m_openLesson->setEnabled(has);
    m_resetLesson->setEnabled(has && m_model->progress(index.row()).started());
    if (!has) {
        for (QLabel* label : { m_detailTitle, m_detailFacts, m_detailProgress, m_detailText })
            label->clear();
        return;
    }
    const int row = index.row();
    const CourseModel::Entry& e = m_model->entry(row);
    const LessonProgress& p = m_model->progress(row);
    const int steps = index.data(CourseModel::StepCountRole).toInt();
    m_detailTitle->setText(e.title);
    const int questions = index.data(CourseModel::QuestionCountRole).toInt();
    m_detailFacts->setText(tr("Lesson %1 of %2 · %3 · %4 steps, %5 questions")
                               .arg(row + 1)
                               .arg(m_model->rowCount())
                               .arg(CourseModel::duration(e.minutes))
                               .arg(steps)
                               .arg(questions));

    QString progress;
    switch (m_model->state(row)) {
    case CourseModel::State::NotStarted:
        progress = tr("Not started yet.");
        m_openLesson->setText(tr("Start Lesson"));
        break;
    case CourseModel::State::InProgress:
        progress = tr("In progress: %1 of %2 steps done; you were on step %3.")
                       .arg(m_model->stepsDone(row))
                       .arg(steps)
                       .arg(index.data(CourseModel::CurrentStepRole).toInt() + 1);
        m_openLesson->setText(tr("Resume at Step %1").arg(index.data(CourseModel::CurrentStepRole).toInt() + 1));
        break;
    case CourseModel::State::Done:
        progress = tr("Done: all %1 steps.").arg(steps);
        m_openLesson->setText(tr("Open Again"));
        break;
    }
    if (p.predictions() > 0) {
        progress += u' '
            + tr("Predictions: %1 made, %2 right, %3 wrong.").arg(p.predictions()).arg(p.right()).arg(p.wrong());
        if (!p.pending.empty())
            progress += u' '
                + (p.pending.size() == 1 ? tr("1 estimate is judged when a run ends.")
                                         : tr("%1 estimates are judged when a run ends.").arg(p.pending.size()));
    }
    m_detailProgress->setText(progress);
    m_openLesson->setAccessibleDescription(e.title);

    QString text = e.summary;
    if (!e.concepts.isEmpty())
        text += QStringLiteral("\n\n") + tr("Concepts: %1.").arg(e.concepts.join(QStringLiteral(", ")));
    if (!e.goals.isEmpty()) {
        text += QStringLiteral("\n\n") + tr("After this lesson you can:");
        for (const QString& goal : e.goals)
            text += QStringLiteral("\n• ") + goal;
    }
    m_detailText->setText(text);
}

void StartPage::openCurrent()
{
    const int row = currentRow();
    if (row < 0)
        return;
    // A lesson in progress opens where the learner was; one not started or done, at its beginning.
    const bool going = m_model->state(row) == CourseModel::State::InProgress;
    Q_EMIT lessonChosen(
        m_model->entry(row).path, going ? m_model->index(row).data(CourseModel::CurrentStepRole).toInt() : 0);
}

void StartPage::askReset(bool wholeCourse)
{
    const int row = currentRow();
    if (!wholeCourse && row < 0)
        return;
    const QString id = wholeCourse ? QString() : m_model->entry(row).id;
    auto* box = new QMessageBox(QMessageBox::Question, tr("Reset Progress"),
        wholeCourse ? tr("Forget the steps done and the predictions made in every lesson?")
                    : tr("Forget the steps done and the predictions made in “%1”?").arg(m_model->entry(row).title),
        QMessageBox::Reset | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("resetProgressDialog"));
    box->setTextFormat(Qt::PlainText);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, id, wholeCourse] {
        if (box->clickedButton() != box->button(QMessageBox::Reset))
            return;
        if (wholeCourse)
            m_progress->resetAll();
        else
            m_progress->reset(id);
    });
    box->open();
}

} // namespace eventloom
