#include "coursemodel.h"

#include "lessons/lessontime.h"
#include "scenario/scenarioloader.h"
#include "scenario/shippedscenarios.h"

#include <QFileInfo>
#include <algorithm>

namespace eventloom {

const std::vector<CourseModel::Entry>& CourseModel::shippedLessons()
{
    static const std::vector<Entry> lessons = [] {
        std::vector<Entry> result;
        for (const QString& path : ShippedScenarios::paths()) {
            const ScenarioLoader::Result loaded = ScenarioLoader::loadFile(path);
            if (!loaded.ok() || !loaded.scenario->lesson)
                continue; // a shipped scenario always loads (tst_scenarios); one without a lesson is no lesson
            const Scenario& s = *loaded.scenario;
            const Lesson& lesson = *s.lesson;
            Entry entry;
            entry.id = s.id.isEmpty() ? QFileInfo(path).completeBaseName() : s.id;
            entry.path = path;
            entry.title = lesson.title.isEmpty() ? s.title : lesson.title;
            entry.summary = lesson.summary.isEmpty() ? s.summary : lesson.summary;
            entry.goals = lesson.goals;
            entry.concepts = lesson.concepts;
            entry.minutes = LessonTime::minutes(lesson);
            for (const LessonStep& step : lesson.steps)
                entry.asks.push_back(step.question.has_value());
            result.push_back(std::move(entry));
        }
        return result;
    }();
    return lessons;
}

CourseModel::CourseModel(CourseProgress* progress, QObject* parent)
    : QAbstractListModel(parent)
    , m_source(progress)
    , m_entries(shippedLessons())
{
    m_progress.resize(m_entries.size());
    reload(QString());
    connect(m_source, &CourseProgress::changed, this, &CourseModel::reload);
}

void CourseModel::reload(const QString& id)
{
    for (std::size_t row = 0; row < m_entries.size(); ++row) {
        if (!id.isEmpty() && m_entries[row].id != id)
            continue;
        LessonProgress progress = m_source->lesson(m_entries[row].id);
        if (progress == m_progress[row])
            continue;
        m_progress[row] = std::move(progress);
        const QModelIndex changed = index(static_cast<int>(row));
        Q_EMIT dataChanged(changed, changed);
    }
}

int CourseModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int CourseModel::rowOf(const QString& id) const
{
    const auto found = std::find_if(m_entries.begin(), m_entries.end(), [&](const Entry& e) { return e.id == id; });
    return found == m_entries.end() ? -1 : static_cast<int>(found - m_entries.begin());
}

int CourseModel::stepsDone(int row) const
{
    const Entry& e = entry(row);
    const LessonProgress& p = progress(row);
    int done = 0;
    for (const int step : p.seen)
        if (step < static_cast<int>(e.asks.size())
            && (!e.asks[static_cast<std::size_t>(step)] || p.answers.contains(step) || p.pending.contains(step)))
            ++done;
    return done;
}

CourseModel::State CourseModel::state(int row) const
{
    if (!progress(row).started())
        return State::NotStarted;
    return stepsDone(row) == static_cast<int>(entry(row).asks.size()) ? State::Done : State::InProgress;
}

int CourseModel::totalMinutes() const
{
    int total = 0;
    for (const Entry& e : m_entries)
        total += e.minutes;
    return total;
}

int CourseModel::count(State wanted) const
{
    int n = 0;
    for (int row = 0; row < rowCount(); ++row)
        n += state(row) == wanted ? 1 : 0;
    return n;
}

QString CourseModel::duration(int minutes)
{
    if (minutes < 60)
        return tr("about %1 min").arg(minutes);
    if (minutes % 60 == 0)
        return tr("about %1 h").arg(minutes / 60);
    return tr("about %1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

QString CourseModel::sentence(int row) const
{
    const Entry& e = entry(row);
    const LessonProgress& p = progress(row);
    const int steps = static_cast<int>(e.asks.size());
    QString text = tr("Lesson %1: %2.").arg(row + 1).arg(e.title);
    switch (state(row)) {
    case State::NotStarted:
        text += u' ' + tr("Not started.");
        break;
    case State::InProgress:
        text += u' ' + tr("In progress: %1 of %2 steps done.").arg(stepsDone(row)).arg(steps);
        break;
    case State::Done:
        text += u' ' + tr("Done: all %1 steps.").arg(steps);
        break;
    }
    if (p.predictions() > 0)
        text
            += u' ' + tr("%1 predictions made, %2 right, %3 wrong.").arg(p.predictions()).arg(p.right()).arg(p.wrong());
    text += u' ' + tr("Takes %1.").arg(duration(e.minutes));
    if (!e.concepts.isEmpty())
        text += u' ' + tr("Teaches %1.").arg(e.concepts.join(QStringLiteral(", ")));
    return text;
}

QVariant CourseModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const Entry& e = entry(row);
    const LessonProgress& p = progress(row);
    switch (role) {
    case Qt::DisplayRole:
        return e.title;
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
        return sentence(row);
    case IdRole:
        return e.id;
    case PathRole:
        return e.path;
    case TitleRole:
        return e.title;
    case SummaryRole:
        return e.summary;
    case GoalsRole:
        return e.goals;
    case ConceptsRole:
        return e.concepts;
    case MinutesRole:
        return e.minutes;
    case StepCountRole:
        return static_cast<int>(e.asks.size());
    case QuestionCountRole:
        return static_cast<int>(std::count(e.asks.begin(), e.asks.end(), true));
    case StepsDoneRole:
        return stepsDone(row);
    case PredictionsRole:
        return p.predictions();
    case RightRole:
        return p.right();
    case WrongRole:
        return p.wrong();
    case PendingRole:
        return static_cast<int>(p.pending.size());
    case CurrentStepRole:
        return std::min(p.current, std::max(0, static_cast<int>(e.asks.size()) - 1));
    case StateRole:
        return static_cast<int>(state(row));
    default:
        return {};
    }
}

QHash<int, QByteArray> CourseModel::roleNames() const
{
    static const std::pair<int, const char*> kNames[]
        = { { IdRole, "id" }, { PathRole, "path" }, { TitleRole, "title" }, { SummaryRole, "summary" },
              { GoalsRole, "goals" }, { ConceptsRole, "concepts" }, { MinutesRole, "minutes" },
              { StepCountRole, "steps" }, { QuestionCountRole, "questions" }, { StepsDoneRole, "stepsDone" },
              { PredictionsRole, "predictions" }, { RightRole, "right" }, { WrongRole, "wrong" },
              { PendingRole, "pending" }, { CurrentStepRole, "currentStep" }, { StateRole, "state" } };
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    for (const auto& [role, name] : kNames)
        names.insert(role, name);
    return names;
}

} // namespace eventloom
