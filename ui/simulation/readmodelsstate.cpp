#include "readmodelsstate.h"

#include "readmodels/logwritesideview.h"
#include "readmodels/readmodel.h"
#include "readmodels/readmodellag.h"
#include "sim/simulation.h"

#include <algorithm>

namespace eventloom {

namespace {
QString qtext(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}
}

ReadModelsState::ReadModelsState() = default;
ReadModelsState::~ReadModelsState() = default;

void ReadModelsState::reset()
{
    m_writeSides.clear();
    m_viewsOf = nullptr;
}

ReadModelsDescription ReadModelsState::describe(
    const Simulation& sim, const QString& focus, bool rebuild, const QString& key)
{
    if (&sim != m_viewsOf) { // another simulation (time travel): its own write-side views
        reset();
        m_viewsOf = &sim;
    }
    ReadModelsDescription result;
    const ReadModel* focused = nullptr;
    std::uint16_t focusedIndex = 0;
    for (std::uint16_t s = 0; s < sim.serviceCount(); ++s) {
        const auto* model = dynamic_cast<const ReadModel*>(&sim.service(s));
        if (!model)
            continue;
        const QString id = qtext(sim.serviceName(s));
        auto& writeSide = m_writeSides[s];
        if (!writeSide)
            writeSide = std::make_unique<LogWriteSideView>(*model, sim.log());
        // Stale rows: the write side has changed them since the model last applied an event to them.
        qint64 stale = 0;
        for (const std::string& key : model->keys())
            stale += writeSide->writeVersion(key) > model->rowInfo(key).version;
        const ReadModelLag lag = ReadModelLag::of(*model, sim);
        std::int64_t uncommitted = 0;
        for (const auto& p : lag.partitions)
            uncommitted += p.uncommitted;
        result.models.push_back({ id, qtext(model->kind()), static_cast<qint64>(lag.offsetsBehind), lag.timeBehind,
            static_cast<qint64>(uncommitted), lag.caughtUp(), static_cast<qint64>(model->rowCount()),
            static_cast<qint64>(model->appliedEvents()), static_cast<qint64>(model->skippedDuplicates()), stale });
        if (!focused || id == focus) { // the one asked for, else the first
            focused = model;
            focusedIndex = s;
        }
    }
    if (!focused)
        return result;

    const QString focusId = qtext(sim.serviceName(focusedIndex));
    LogWriteSideView& writeSide = *m_writeSides[focusedIndex];
    std::vector<std::string> keys = focused->keys();
    const std::size_t all = keys.size();
    if (!key.isEmpty())
        std::erase_if(keys, [wanted = key.toStdString()](const std::string& k) { return k != wanted; });
    const std::size_t first = keys.size() > static_cast<std::size_t>(kMaxRows) ? keys.size() - kMaxRows : 0;
    ReadModelsDescription::Focus& shown = result.focus.emplace();
    shown.id = focusId;
    for (std::size_t i = first; i < keys.size(); ++i) {
        const std::string& key = keys[i];
        QJsonObject fields = focused->row(key);
        const qint64 version = fields.take(QStringLiteral("version")).toInteger();
        fields.remove(QStringLiteral("position"));
        const qint64 asOf = fields.take(QStringLiteral("asOfUs")).toInteger();
        const qint64 written = writeSide.writeVersion(key);
        shown.rows.push_back({ qtext(key), fields, version, written, std::max<qint64>(0, written - version), asOf });
    }
    shown.hiddenRows = static_cast<qint64>(all - (keys.size() - first));
    shown.followed = key;

    if (rebuild) {
        // From scratch, as a real projection is rebuilt: every event its topics still keep, in log order.
        const std::unique_ptr<ReadModel> rebuilt = focused->rebuild(sim.log(), sim.bus());
        const std::vector<ReadModel::RowDifference> differences = focused->compare(*rebuilt);
        // And the events the live model applied, folded in log order: the table it must equal, whatever
        // order and how many times they were delivered.
        const std::unique_ptr<ReadModel> refolded = focused->refold(sim.log());
        QStringList differing;
        for (std::size_t i = 0; i < differences.size() && i < static_cast<std::size_t>(kMaxDifferences); ++i)
            differing << qtext(differences[i].key);
        result.rebuilt = ReadModelsDescription::Rebuilt { focusId, static_cast<qint64>(rebuilt->appliedEvents()),
            static_cast<qint64>(rebuilt->rowCount()), static_cast<qint64>(differences.size()), differing,
            focused->compare(*refolded).empty() };
    }
    return result;
}

} // namespace eventloom
