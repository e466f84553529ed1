#include "eventstorestate.h"

#include "eventstore/eventstore.h"
#include "sagas/sagacoordinator.h"
#include "services/ecommerce/orderservice.h"
#include "sim/simulation.h"

#include <QJsonDocument>
#include <algorithm>
#include <set>
#include <vector>

namespace eventloom {

namespace {
QString qtext(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

/// One event-sourced service of the run: its store and the aggregate its streams hold.
struct StoreOf {
    std::uint16_t service = 0;
    QString serviceId;
    QString aggregate;
    const EventStore* store = nullptr;
};

std::vector<StoreOf> storesOf(const Simulation& sim)
{
    std::vector<StoreOf> stores;
    for (std::uint16_t s = 0; s < sim.serviceCount(); ++s) {
        const Service& service = sim.service(s);
        if (const auto* orders = dynamic_cast<const OrderService*>(&service))
            stores.push_back({ s, qtext(sim.serviceName(s)), QStringLiteral("Order"), &orders->store() });
        else if (const auto* saga = dynamic_cast<const SagaCoordinator*>(&service))
            stores.push_back({ s, qtext(sim.serviceName(s)),
                QStringLiteral("Saga %1").arg(QString::fromStdString(saga->definition().id)), &saga->store() });
    }
    return stores;
}

/// True if `text` contains `lowered` (ASCII letters compared without case), without allocating:
/// a search runs over every stream id of the store.
bool containsFolded(std::string_view text, const QByteArray& lowered)
{
    const auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return std::search(text.begin(), text.end(), lowered.begin(), lowered.end(), [&](char a, char b) {
        return fold(a) == b;
    }) != text.end();
}

/// The streams of `store` with an event caused by a message of correlation `correlation`.
std::set<Atom> correlated(const EventStore& store, const EventLog& log, Atom correlation)
{
    std::set<Atom> streams;
    for (const StoredEvent& e : store.events())
        if (e.causation != kNoMessage && e.causation < log.size() && log.at(e.causation).correlation == correlation)
            streams.insert(e.stream);
    return streams;
}
}

EventStoreDescription EventStoreState::describe(const Simulation& sim, const EventStoreQuery& query)
{
    const EventLog& log = sim.log();
    const std::vector<StoreOf> stores = storesOf(sim);
    EventStoreDescription result;
    for (const StoreOf& s : stores) {
        result.stores.push_back({ s.serviceId, s.aggregate, static_cast<qint64>(s.store->streams().size()),
            static_cast<qint64>(s.store->size()), static_cast<qint64>(s.store->snapshotEvery()) });
        result.totalStreams += static_cast<qint64>(s.store->streams().size());
    }
    result.correlation = query.correlation;

    // The streams that match, newest last; only the last kMaxStreams of them are described.
    struct Match {
        const StoreOf* store;
        Atom id;
    };
    std::vector<Match> matches;
    const QByteArray filter = query.filter.trimmed().toUtf8().toLower();
    const Atom correlation = query.correlation.isEmpty() ? Atom(0) : log.atoms().find(query.correlation.toStdString());
    for (const StoreOf& s : stores) {
        std::set<Atom> carrying;
        if (!query.correlation.isEmpty()) {
            if (correlation == 0)
                continue; // a correlation id the run never used: no stream carries it
            carrying = correlated(*s.store, log, correlation);
        }
        const bool aggregateMatches = !filter.isEmpty() && s.aggregate.toUtf8().toLower().contains(filter);
        for (const Atom id : s.store->streams()) {
            if (!query.correlation.isEmpty() && !carrying.count(id))
                continue;
            if (!filter.isEmpty() && !aggregateMatches && !containsFolded(log.text(id), filter))
                continue;
            matches.push_back({ &s, id });
        }
    }
    const std::size_t first = matches.size() > static_cast<std::size_t>(kMaxStreams) ? matches.size() - kMaxStreams : 0;
    for (std::size_t i = first; i < matches.size(); ++i) {
        const EventStore& store = *matches[i].store->store;
        const Atom id = matches[i].id;
        const std::uint32_t version = store.version(id);
        result.streams.push_back({ matches[i].store->serviceId, matches[i].store->aggregate, qtext(log.text(id)),
            static_cast<qint64>(version), version > 0 ? store.streamEvent(id, version).time : SimTime(0) });
    }
    result.matching = static_cast<qint64>(matches.size());

    // The stream asked for: its events, and its aggregate folded at the version asked for.
    if (query.stream.isEmpty())
        return result;
    result.asked = EventStoreDescription::Asked { query.store, query.stream, query.version };
    const auto store
        = std::find_if(stores.begin(), stores.end(), [&](const StoreOf& s) { return s.serviceId == query.store; });
    const Atom id = log.atoms().find(query.stream.toStdString());
    if (store == stores.end() || id == 0 || !store->store->hasStream(id))
        return result; // not (yet, at the time shown) in the store
    const EventStore& es = *store->store;
    const std::uint32_t version = es.version(id);
    const std::uint32_t firstEvent = version > static_cast<std::uint32_t>(kMaxEvents) ? version - kMaxEvents + 1 : 1;
    EventStoreDescription::OpenStream& stream = result.stream.emplace();
    stream.store = store->serviceId;
    stream.aggregate = store->aggregate;
    stream.id = query.stream;
    stream.version = static_cast<qint64>(version);
    stream.hiddenEvents = static_cast<qint64>(firstEvent - 1);
    for (std::uint32_t v = firstEvent; v <= version; ++v) {
        const StoredEvent& e = es.streamEvent(id, v);
        stream.events.push_back({ static_cast<qint64>(e.version), e.time, qtext(log.text(e.type)),
            e.causation == kNoMessage ? qint64(-1) : static_cast<qint64>(e.causation),
            e.causation < log.size() ? qtext(log.text(log.at(e.causation).type)) : QString(),
            static_cast<qint64>(e.position),
            QString::fromUtf8(QJsonDocument(log.toJson(e.payloadValue()).toObject()).toJson(QJsonDocument::Compact)) });
    }

    const bool latest = query.version <= 0 || query.version >= static_cast<qint64>(version);
    const std::uint32_t at = latest ? version : static_cast<std::uint32_t>(query.version);
    EventStoreDescription::Fold& fold = result.fold.emplace();
    fold.store = store->serviceId;
    fold.id = query.stream;
    fold.version = static_cast<qint64>(at);
    fold.latest = latest;
    if (const std::unique_ptr<Aggregate> aggregate = es.newAggregate(id)) {
        const EventStore::LoadResult loaded = es.loadVersion(id, at, *aggregate, log);
        fold.snapshotVersion = static_cast<qint64>(loaded.snapshotVersion);
        fold.applied = static_cast<qint64>(loaded.applied);
        fold.state = aggregate->state();
    } else {
        fold.error = QStringLiteral("This store cannot build its aggregate's state.");
    }
    return result;
}

} // namespace eventloom
