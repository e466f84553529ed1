#include "runcomparisonview.h"

#include "models/runcountersmodel.h"
#include "models/statedifferencemodel.h"
#include "record/headlessrun.h"
#include "record/runarchive.h"
#include "record/runcomparison.h"
#include "record/runfile.h"
#include "scenario/scenarioloader.h"
#include "scenario/scenariosettings.h"
#include "sidebysideruns.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>
#include <algorithm>
#include <tuple>

namespace eventloom {

namespace {
QLabel* wrappingLabel(const char* name, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText); // built here from escaped parts (describe(), showComparison())
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

QPlainTextEdit* recordBox(const char* name, QWidget* parent)
{
    auto* box = new QPlainTextEdit(parent);
    box->setObjectName(QLatin1String(name));
    box->setReadOnly(true);
    box->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    box->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    box->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    box->setFixedHeight(QFontMetrics(box->font()).lineSpacing() * 3 + 2 * box->frameWidth() + 8);
    return box;
}

QTableView* table(const char* name, QAbstractItemModel* model, QWidget* parent)
{
    auto* view = new QTableView(parent);
    view->setObjectName(QLatin1String(name));
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setAlternatingRowColors(false);
    return view;
}

QString describe(const RunComparison::Run& r, const QString& name)
{
    QStringList injections;
    for (const RecordedInjection& i : r.injections)
        injections << i.spec.toHtmlEscaped();
    return QObject::tr("<b>Run %1</b>: %2<br>%3 — seed %4, %5, %6 records%7<br>Settings: %9<br>Injections: %8")
        .arg(name, QFileInfo(r.path).fileName().toHtmlEscaped(),
            (r.title.isEmpty() ? r.scenarioId : r.scenarioId + QStringLiteral(" · ") + r.title).toHtmlEscaped())
        .arg(r.seed)
        .arg(r.until > 0 ? QObject::tr("until %1").arg(QString::fromStdString(formatDuration(r.until)))
                         : QObject::tr("until quiet"))
        .arg(r.records)
        .arg(r.finished ? QString() : QObject::tr(" <i>(cut short)</i>"),
            injections.isEmpty()
                ? QObject::tr("none")
                : QStringLiteral("<b>") + injections.join(QStringLiteral(", ")) + QStringLiteral("</b>"),
            r.overrides.isEmpty() ? QObject::tr("as shipped")
                                  : QStringLiteral("<b>") + r.overrides.join(QStringLiteral(", ")).toHtmlEscaped()
                    + QStringLiteral("</b>"));
}
}

RunComparisonView::RunComparisonView(QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_counters(new RunCountersModel(this))
    , m_states(new StateDifferenceModel(this))
{
    setObjectName(QStringLiteral("runComparisonView"));
    setWindowTitle(tr("Compare Runs"));

    auto* pickers = new QFormLayout;
    for (auto [edit, label, name] :
        { std::tuple { &m_pathA, tr("Run &A:"), "runPathA" }, std::tuple { &m_pathB, tr("Run &B:"), "runPathB" } }) {
        auto* row = new QHBoxLayout;
        *edit = new QLineEdit(this);
        (*edit)->setObjectName(QLatin1String(name));
        (*edit)->setPlaceholderText(tr("a recorded run (.sqlite)"));
        auto* browse = new QPushButton(tr("Browse…"), this);
        QLineEdit* target = *edit;
        connect(browse, &QPushButton::clicked, this, [this, target] { this->browse(target); });
        connect(target, &QLineEdit::returnPressed, this, &RunComparisonView::startComparison);
        connect(target, &QLineEdit::textEdited, this, [this] { m_pickedByHand = true; });
        row->addWidget(target, 1);
        row->addWidget(browse);
        pickers->addRow(label, row);
    }
    auto* actions = new QHBoxLayout;
    m_compareButton = new QPushButton(tr("&Compare"), this);
    m_compareButton->setObjectName(QStringLiteral("compareButton"));
    connect(m_compareButton, &QPushButton::clicked, this, &RunComparisonView::startComparison);
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("comparisonBusy"));
    m_busy->setRange(0, 0); // no end known: both files are walked to theirs
    m_busy->setMaximumWidth(160);
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_status = wrappingLabel("comparisonStatus", this);
    actions->addWidget(m_compareButton);
    actions->addWidget(m_busy);
    actions->addStretch(1);

    m_sides = new SideBySideRuns(this);
    m_fingerprints = wrappingLabel("fingerprintLabel", this);

    auto* divergenceBox = new QGroupBox(tr("First divergence"), this);
    auto* divergenceLayout = new QFormLayout(divergenceBox);
    m_divergence = wrappingLabel("divergenceLabel", divergenceBox);
    m_divergenceA = recordBox("divergenceA", divergenceBox);
    m_divergenceB = recordBox("divergenceB", divergenceBox);
    divergenceLayout->addRow(m_divergence);
    divergenceLayout->addRow(tr("Run A:"), m_divergenceA);
    divergenceLayout->addRow(tr("Run B:"), m_divergenceB);

    m_counterView = table("counterTable", m_counters, this);
    m_counterView->horizontalHeader()->setMinimumSectionSize(48);
    m_counterView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_counterView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_counterView->horizontalHeader()->setSectionResizeMode(RunCountersModel::Counter, QHeaderView::ResizeToContents);
    auto* statePane = new QWidget(this);
    auto* stateLayout = new QVBoxLayout(statePane);
    stateLayout->setContentsMargins(0, 0, 0, 0);
    m_stateSummary = wrappingLabel("stateSummary", statePane);
    m_stateView = table("stateTable", m_states, statePane);
    stateLayout->addWidget(m_stateSummary);
    stateLayout->addWidget(m_stateView, 1);
    // The runs themselves on the left (timelines, saga charts), what tells them apart on the right.
    auto* facts = new QSplitter(Qt::Vertical, this);
    facts->addWidget(divergenceBox);
    facts->addWidget(m_counterView);
    facts->addWidget(statePane);
    facts->setStretchFactor(1, 3);
    facts->setStretchFactor(2, 2);
    facts->setChildrenCollapsible(false);
    auto* panes = new QSplitter(Qt::Horizontal, this);
    panes->addWidget(m_sides);
    panes->addWidget(facts);
    panes->setStretchFactor(0, 3);
    panes->setStretchFactor(1, 2);
    panes->setSizes({ 960, 600 });
    panes->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(pickers);
    layout->addLayout(actions);
    layout->addWidget(m_status);
    layout->addWidget(m_fingerprints);
    layout->addWidget(panes, 1);
    resize(1600, 1000);
}

RunComparisonView::~RunComparisonView()
{
    if (m_cancel)
        m_cancel->store(true);
    for (QThread* thread : m_threads) {
        thread->disconnect(this);
        thread->wait();
        delete thread;
    }
}

QStringList RunComparisonView::recentRuns(int count)
{
    const QDir dir(RunArchive::directory(RunArchive::load(QSettings())));
    const QFileInfoList files = dir.entryInfoList({ QStringLiteral("*.sqlite") }, QDir::Files, QDir::Time);
    QStringList finished, unfinished;
    for (const QFileInfo& file : files) {
        RunFile run;
        QString error;
        if (!run.open(file.absoluteFilePath(), error))
            continue;
        (run.finished() ? finished : unfinished) << file.absoluteFilePath();
        if (finished.size() >= count)
            break;
    }
    return (finished + unfinished).mid(0, count);
}

bool RunComparisonView::compareRecentRuns()
{
    if (m_pickedByHand || isBusy())
        return false;
    const QStringList runs = recentRuns(2);
    if (runs.size() < 2) {
        if (!m_comparison)
            m_status->setText(tr("The window has recorded fewer than two runs: choose two run files."));
        return false;
    }
    m_pathA->setText(runs.at(1));
    m_pathB->setText(runs.at(0));
    startComparison();
    return true;
}

void RunComparisonView::compare(const QString& a, const QString& b)
{
    m_pathA->setText(a);
    m_pathB->setText(b);
    m_pickedByHand = true; // chosen by the caller: Tools › Compare Runs… keeps them
    startComparison();
}

void RunComparisonView::browse(QLineEdit* edit)
{
    const QString start = edit->text().isEmpty() ? RunArchive::directory(RunArchive::load(QSettings())) : edit->text();
    const QString path
        = QFileDialog::getOpenFileName(this, tr("Choose a Recorded Run"), start, tr("Run files (*.sqlite)"));
    if (path.isEmpty())
        return;
    edit->setText(path);
    m_pickedByHand = true;
}

void RunComparisonView::startComparison()
{
    const QString a = m_pathA->text().trimmed(), b = m_pathB->text().trimmed();
    if (a.isEmpty() || b.isEmpty()) {
        m_status->setText(tr("Choose two recorded runs."));
        return;
    }
    if (m_cancel)
        m_cancel->store(true); // a comparison still running is of files no longer chosen
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    auto result = std::make_shared<RunComparison>();
    runInThread(
        "runComparison", [a, b, cancel, result] { *result = RunComparison::compare(a, b, cancel.get()); },
        [this, result] {
            showComparison(result);
            Q_EMIT comparisonFinished();
        });
    m_status->setText(tr("Comparing…"));
    m_sides->load(a, b);
}

void RunComparisonView::runInThread(const char* name, std::function<void()> work, std::function<void()> done)
{
    const int generation = ++m_generation;
    QThread* thread = QThread::create(std::move(work));
    thread->setObjectName(QLatin1String(name));
    connect(thread, &QThread::finished, this, [this, thread, generation, done = std::move(done)] {
        m_threads.erase(std::find(m_threads.begin(), m_threads.end(), thread));
        thread->deleteLater();
        --m_running;
        if (generation != m_generation)
            return;
        m_busy->hide();
        done();
    });
    m_threads.push_back(thread);
    ++m_running;
    m_busy->show();
    thread->start(QThread::LowPriority);
}

void RunComparisonView::compareVariant(const Scenario& scenario, std::optional<std::uint64_t> seed,
    const std::vector<InjectionSpec>& injections, const QString& assignment)
{
    if (m_cancel)
        m_cancel->store(true); // a comparison still running is of files no longer wanted
    QStringList variant = scenario.overrides;
    // The setting changed replaces the run's own assignment of it, in place; a new one goes last.
    const auto same = std::find_if(variant.begin(), variant.end(),
        [&](const QString& o) { return ScenarioSettings::pathOf(o) == ScenarioSettings::pathOf(assignment); });
    if (same != variant.end())
        *same = assignment;
    else
        variant << assignment;
    struct Outcome {
        HeadlessRun::Result a, b;
        QString error;
    };
    auto outcome = std::make_shared<Outcome>();
    const RunArchive::Settings archive = RunArchive::load(QSettings());
    const QString producer = QCoreApplication::applicationName() + u' ' + QCoreApplication::applicationVersion();
    const QString file = scenario.file, id = scenario.id;
    const QStringList overrides = scenario.overrides;
    runInThread(
        "variantRuns",
        [=] {
            for (const auto& [result, sets] :
                { std::pair { &outcome->a, overrides }, std::pair { &outcome->b, variant } }) {
                const ScenarioLoader::Result loaded = ScenarioLoader::loadFile(file, sets);
                if (!loaded.ok()) {
                    outcome->error = loaded.errors.empty() ? file : loaded.errors.front().toString();
                    return;
                }
                QString error;
                const QString path = RunArchive::newRunPath(archive, id, seed.value_or(loaded.scenario->seed),
                    QDateTime::currentDateTime(), error); // the file's name only: the run never reads the clock
                *result = path.isEmpty() ? HeadlessRun::Result { false, error, {}, {} }
                                         : HeadlessRun::record(*loaded.scenario, seed, injections, path, producer);
                if (!result->ok) {
                    outcome->error = result->error;
                    return;
                }
            }
            RunArchive::prune(archive, outcome->b.path); // as after any run the window records
        },
        [this, outcome] {
            if (!outcome->error.isEmpty()) {
                m_status->setText(tr("<b>The variant could not be run:</b> %1").arg(outcome->error.toHtmlEscaped()));
                Q_EMIT comparisonFinished();
                return;
            }
            compare(outcome->a.path, outcome->b.path);
        });
    m_status->setText(tr("Running %1 and its variant (%2) to their end…")
                          .arg(scenario.id.toHtmlEscaped(), assignment.toHtmlEscaped()));
}

void RunComparisonView::showComparison(std::shared_ptr<const RunComparison> c)
{
    if (!c->ok) {
        m_status->setText(tr("<b>Cannot compare:</b> %1").arg(c->error.toHtmlEscaped()));
        return;
    }
    m_comparison = c;
    m_counters->setComparison(c);
    m_states->setComparison(c);
    QString status = c->identical() ? tr("<b>The runs are identical.</b>") : tr("<b>The runs differ.</b>");
    for (const QString& w : c->warnings)
        status += QStringLiteral("<br>⚠ ") + w.toHtmlEscaped();
    m_status->setText(status);
    m_sides->setRunText(0, describe(c->a, QStringLiteral("A")));
    m_sides->setRunText(1, describe(c->b, QStringLiteral("B")));
    const bool equal = !c->a.fingerprint.isEmpty() && c->a.fingerprint == c->b.fingerprint;
    const auto fp = [](const RunComparison::Run& r) {
        return r.fingerprint.isEmpty()
            ? tr("(none: cut short)")
            : QStringLiteral("<tt>%1</tt>").arg(r.fingerprint.toHtmlEscaped()); // as the run file stores it
    };
    m_fingerprints->setText(
        tr("Fingerprints: A %1, B %2 — <b>%3</b>").arg(fp(c->a), fp(c->b), equal ? tr("equal") : tr("different")));
    if (c->divergence) {
        const RunComparison::Divergence& d = *c->divergence;
        m_divergence->setText(
            tr("Record <b>#%1</b> at <b>%2</b>%3")
                .arg(d.record)
                .arg(QString::fromStdString(formatDuration(d.t)),
                    d.correlation.isEmpty() ? QString()
                                            : tr(", correlation id <b>%1</b>").arg(d.correlation.toHtmlEscaped())));
        m_divergenceA->setPlainText(d.a.isEmpty() ? tr("(none: run A ends here)") : d.a);
        m_divergenceB->setPlainText(d.b.isEmpty() ? tr("(none: run B ends here)") : d.b);
    } else {
        m_divergence->setText(tr("None: all %1 records are the same.").arg(c->comparedRecords));
        m_divergenceA->clear();
        m_divergenceB->clear();
    }
    QStringList summary;
    for (const RunComparison::StateCategory& cat : c->stateCategories)
        summary << (cat.differences == 0 ? tr("%1: same (%2)").arg(cat.title.toHtmlEscaped()).arg(cat.itemsA)
                                         : tr("%1: <b>%2 differ</b> (A %3, B %4)")
                                               .arg(cat.title.toHtmlEscaped())
                                               .arg(cat.differences)
                                               .arg(cat.itemsA)
                                               .arg(cat.itemsB));
    m_stateSummary->setText(tr("Final state — ") + summary.join(QStringLiteral(" · ")));
    m_stateView->resizeColumnsToContents();
    layout()->activate(); // the labels' new heights now, not at the next event-loop turn
}

} // namespace eventloom
