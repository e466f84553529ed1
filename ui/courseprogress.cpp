#include "courseprogress.h"

#include <QFileInfo>
#include <QSettings>
#include <QStringList>
#include <QUrl>
#include <algorithm>

namespace eventloom {

namespace {
const QString kGroup = QStringLiteral("course");
const QString kLastId = QStringLiteral("course/last/id");
const QString kLastFile = QStringLiteral("course/last/file");
/// A step index is at most this: a lesson has at most 50 steps, and a value edited by hand stays small.
constexpr int kMaxStep = 999;

/// The settings group of lesson `id`: the id percent-encoded, so that no id makes a group of its own.
QString lessonGroup(const QString& id)
{
    return kGroup + QStringLiteral("/lessons/") + QString::fromLatin1(QUrl::toPercentEncoding(id));
}

QString key(const QString& id, const char* field)
{
    return lessonGroup(id) + u'/' + QLatin1String(field);
}

/// Steps as the settings keep them: "0 1 4", readable in the file; anything else in it is ignored.
std::set<int> readSteps(const QSettings& settings, const QString& key)
{
    std::set<int> steps;
    for (const QString& word : settings.value(key).toString().split(u' ', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int step = word.toInt(&ok);
        if (ok && step >= 0 && step <= kMaxStep)
            steps.insert(step);
    }
    return steps;
}

template <typename Steps>
void writeSteps(QSettings& settings, const QString& key, const Steps& steps)
{
    QStringList words;
    for (const int step : steps)
        words << QString::number(step);
    if (words.isEmpty())
        settings.remove(key);
    else
        settings.setValue(key, words.join(u' '));
}
}

int LessonProgress::right() const
{
    return static_cast<int>(std::count_if(answers.begin(), answers.end(), [](const auto& a) { return a.second; }));
}

CourseProgress::CourseProgress(QObject* parent)
    : QObject(parent)
{
}

LessonProgress CourseProgress::lesson(const QString& id) const
{
    const QSettings settings;
    LessonProgress progress;
    progress.seen = readSteps(settings, key(id, "seen"));
    progress.current = std::clamp(settings.value(key(id, "current")).toInt(), 0, kMaxStep);
    for (const int step : readSteps(settings, key(id, "wrong")))
        progress.answers[step] = false;
    for (const int step : readSteps(settings, key(id, "right")))
        progress.answers[step] = true;
    for (const int step : readSteps(settings, key(id, "pending")))
        if (!progress.answers.contains(step))
            progress.pending.insert(step);
    return progress;
}

QString CourseProgress::lastLesson() const
{
    return QSettings().value(kLastId).toString();
}

QString CourseProgress::lastFile() const
{
    return QSettings().value(kLastFile).toString();
}

void CourseProgress::store(const QString& id, const LessonProgress& progress)
{
    QSettings settings;
    writeSteps(settings, key(id, "seen"), progress.seen);
    settings.setValue(key(id, "current"), progress.current);
    std::set<int> right;
    std::set<int> wrong;
    for (const auto& [step, isRight] : progress.answers)
        (isRight ? right : wrong).insert(step);
    writeSteps(settings, key(id, "right"), right);
    writeSteps(settings, key(id, "wrong"), wrong);
    writeSteps(settings, key(id, "pending"), progress.pending);
}

void CourseProgress::stepShown(const QString& id, const QString& file, int step)
{
    if (id.isEmpty() || step < 0 || step > kMaxStep)
        return;
    LessonProgress progress = lesson(id);
    const bool wasLast = lastLesson() == id;
    if (progress.seen.contains(step) && progress.current == step && wasLast)
        return;
    progress.seen.insert(step);
    progress.current = step;
    store(id, progress);
    QSettings settings;
    settings.setValue(kLastId, id);
    // A file the window can open again; a run file's scenario, written elsewhere, has none.
    settings.setValue(kLastFile, QFileInfo(file).isFile() ? file : QString());
    Q_EMIT changed(id);
}

void CourseProgress::answered(const QString& id, int step, bool right)
{
    if (id.isEmpty() || step < 0 || step > kMaxStep)
        return;
    LessonProgress progress = lesson(id);
    if (progress.answers.contains(step))
        return; // the first answer is the prediction
    progress.pending.erase(step);
    progress.answers[step] = right;
    store(id, progress);
    Q_EMIT changed(id);
}

void CourseProgress::estimated(const QString& id, int step)
{
    if (id.isEmpty() || step < 0 || step > kMaxStep)
        return;
    LessonProgress progress = lesson(id);
    if (progress.answers.contains(step) || progress.pending.contains(step))
        return;
    progress.pending.insert(step);
    store(id, progress);
    Q_EMIT changed(id);
}

void CourseProgress::reset(const QString& id)
{
    QSettings settings;
    settings.remove(lessonGroup(id));
    if (settings.value(kLastId).toString() == id) {
        settings.remove(kLastId);
        settings.remove(kLastFile);
    }
    Q_EMIT changed(id);
}

void CourseProgress::resetAll()
{
    QSettings().remove(kGroup);
    Q_EMIT changed(QString());
}

} // namespace eventloom
