#include "startpage.h"

#include "scenario/shippedscenarios.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace eventloom {

namespace {
constexpr int kSummaryRole = Qt::UserRole + 2;
}

StartPage::StartPage(QWidget* parent)
    : QWidget(parent)
{
    auto* title = new QLabel(tr("EventLoom"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.0);
    titleFont.setBold(true);
    title->setFont(titleFont);

    auto* intro = new QLabel(tr("Watch event-driven systems run, step by step. Pick a lesson to open it, "
                                "or open a scenario file of your own."),
        this);
    intro->setWordWrap(true);

    m_lessons = new QListWidget(this);
    m_lessons->setObjectName(QStringLiteral("lessonList"));
    m_lessons->setAlternatingRowColors(true);
    m_lessons->setSpacing(2);
    m_lessons->setUniformItemSizes(true);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("lessonSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_summary->setMinimumHeight(m_summary->fontMetrics().lineSpacing() * 3);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    m_openLesson = new QPushButton(tr("Open Lesson"), this);
    m_openLesson->setObjectName(QStringLiteral("openLessonButton"));
    m_openLesson->setDefault(true);
    auto* openFile = new QPushButton(tr("Open File…"), this);
    openFile->setObjectName(QStringLiteral("openFileButton"));

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(openFile);
    buttons->addWidget(m_openLesson);

    auto* column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(intro);
    column->addSpacing(12);
    column->addWidget(new QLabel(tr("Lessons"), this));
    column->addWidget(m_lessons, 1);
    column->addWidget(m_summary);
    column->addLayout(buttons);

    // A readable measure: the page does not stretch lines across a wide window.
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(24, 24, 24, 24);
    outer->addStretch(1);
    outer->addLayout(column, 6);
    outer->addStretch(1);

    connect(m_lessons, &QListWidget::currentItemChanged, this, &StartPage::showSummary);
    connect(m_lessons, &QListWidget::itemActivated, this, &StartPage::openCurrent);
    connect(m_openLesson, &QPushButton::clicked, this, &StartPage::openCurrent);
    connect(openFile, &QPushButton::clicked, this, &StartPage::openFileRequested);

    populate();
}

void StartPage::populate()
{
    for (const ShippedScenarios::Lesson& lesson : ShippedScenarios::lessons()) {
        const QString label = lesson.title.isEmpty() ? lesson.id : lesson.id + QStringLiteral("   —   ") + lesson.title;
        auto* item = new QListWidgetItem(label, m_lessons);
        item->setData(PathRole, lesson.path);
        item->setData(IdRole, lesson.id);
        item->setData(kSummaryRole, lesson.summary);
    }
    if (m_lessons->count() > 0)
        m_lessons->setCurrentRow(0);
    m_openLesson->setEnabled(m_lessons->count() > 0);
}

void StartPage::showSummary(QListWidgetItem* item)
{
    m_summary->setText(item ? item->data(kSummaryRole).toString() : QString());
}

void StartPage::openCurrent()
{
    if (QListWidgetItem* item = m_lessons->currentItem())
        Q_EMIT lessonChosen(item->data(PathRole).toString());
}

} // namespace eventloom
