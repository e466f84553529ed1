#include "eventstorestate.h"

#include "eventstore/eventstore.h"
#include "sagas/sagacoordinator.h"
#include "services/ecommerce/orderservice.h"
#include "sim/simulation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <set>
#include <vector>

namespace eventloom {

namespace {
    QString qtext(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

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
                stores.push_back({ s, qtext(sim.serviceName(s)), QStringLiteral("Saga %1").arg(QString::fromStdString(saga->definition().id)),
                    &saga->store() });
        }
        return stores;
    }

    /// True if `text` contains `lowered` (ASCII letters compared without case), without allocating:
    /// a search runs over every stream id of the store.
    bool containsFolded(std::string_view text, const QByteArray& lowered)
    {
        const auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        return std::search(text.begin(), text.end(), lowered.begin(), lowered.end(), [&](char a, char b) { return fold(a) == b; })
            != text.end();
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

QJsonObject EventStoreState::describe(const Simulation& sim, const EventStoreQuery& query)
{
    const EventLog& log = sim.log();
    const std::vector<StoreOf> stores = storesOf(sim);
    QJsonArray storesJson;
    qint64 totalStreams = 0;
    for (const StoreOf& s : stores) {
        storesJson.append(QJsonObject { { QStringLiteral("service"), s.serviceId }, { QStringLiteral("aggregate"), s.aggregate },
            { QStringLiteral("streams"), static_cast<qint64>(s.store->streams().size()) },
            { QStringLiteral("events"), static_cast<qint64>(s.store->size()) },
            { QStringLiteral("snapshotEvery"), static_cast<qint64>(s.store->snapshotEvery()) } });
        totalStreams += static_cast<qint64>(s.store->streams().size());
    }
    QJsonObject result { { QStringLiteral("stores"), storesJson }, { QStringLiteral("totalStreams"), totalStreams } };
    if (!query.correlation.isEmpty())
        result.insert(QStringLiteral("correlation"), query.correlation);

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
    QJsonArray streams;
    for (std::size_t i = first; i < matches.size(); ++i) {
        const EventStore& store = *matches[i].store->store;
        const Atom id = matches[i].id;
        const std::uint32_t version = store.version(id);
        streams.append(QJsonObject { { QStringLiteral("store"), matches[i].store->serviceId },
            { QStringLiteral("aggregate"), matches[i].store->aggregate }, { QStringLiteral("id"), qtext(log.text(id)) },
            { QStringLiteral("version"), static_cast<qint64>(version) },
            { QStringLiteral("lastUs"), version > 0 ? static_cast<qint64>(store.streamEvent(id, version).time) : qint64(0) } });
    }
    result.insert(QStringLiteral("matching"), static_cast<qint64>(matches.size()));
    result.insert(QStringLiteral("streams"), streams);

    // The stream asked for: its events, and its aggregate folded at the version asked for.
    if (query.stream.isEmpty())
        return result;
    result.insert(QStringLiteral("asked"), QJsonObject { { QStringLiteral("store"), query.store }, { QStringLiteral("id"), query.stream },
                                               { QStringLiteral("version"), query.version } });
    const auto store = std::find_if(stores.begin(), stores.end(), [&](const StoreOf& s) { return s.serviceId == query.store; });
    const Atom id = log.atoms().find(query.stream.toStdString());
    if (store == stores.end() || id == 0 || !store->store->hasStream(id))
        return result; // not (yet, at the time shown) in the store
    const EventStore& es = *store->store;
    const std::uint32_t version = es.version(id);
    const std::uint32_t firstEvent = version > static_cast<std::uint32_t>(kMaxEvents) ? version - kMaxEvents + 1 : 1;
    QJsonArray events;
    for (std::uint32_t v = firstEvent; v <= version; ++v) {
        const StoredEvent& e = es.streamEvent(id, v);
        events.append(QJsonObject { { QStringLiteral("version"), static_cast<qint64>(e.version) },
            { QStringLiteral("timeUs"), static_cast<qint64>(e.time) }, { QStringLiteral("type"), qtext(log.text(e.type)) },
            { QStringLiteral("seq"), e.causation == kNoMessage ? qint64(-1) : static_cast<qint64>(e.causation) },
            { QStringLiteral("causeType"), e.causation < log.size() ? qtext(log.text(log.at(e.causation).type)) : QString() },
            { QStringLiteral("position"), static_cast<qint64>(e.position) },
            { QStringLiteral("payload"),
                QString::fromUtf8(QJsonDocument(log.toJson(e.payloadValue()).toObject()).toJson(QJsonDocument::Compact)) } });
    }
    result.insert(QStringLiteral("stream"),
        QJsonObject { { QStringLiteral("store"), store->serviceId }, { QStringLiteral("aggregate"), store->aggregate },
            { QStringLiteral("id"), query.stream }, { QStringLiteral("version"), static_cast<qint64>(version) },
            { QStringLiteral("hiddenEvents"), static_cast<qint64>(firstEvent - 1) }, { QStringLiteral("events"), events } });

    const bool latest = query.version <= 0 || query.version >= static_cast<qint64>(version);
    const std::uint32_t at = latest ? version : static_cast<std::uint32_t>(query.version);
    QJsonObject fold { { QStringLiteral("store"), store->serviceId }, { QStringLiteral("id"), query.stream },
        { QStringLiteral("version"), static_cast<qint64>(at) }, { QStringLiteral("latest"), latest } };
    if (const std::unique_ptr<Aggregate> aggregate = es.newAggregate(id)) {
        const EventStore::LoadResult loaded = es.loadVersion(id, at, *aggregate, log);
        fold.insert(QStringLiteral("snapshotVersion"), static_cast<qint64>(loaded.snapshotVersion));
        fold.insert(QStringLiteral("applied"), static_cast<qint64>(loaded.applied));
        fold.insert(QStringLiteral("state"), aggregate->state());
    } else {
        fold.insert(QStringLiteral("error"), QStringLiteral("This store cannot build its aggregate's state."));
    }
    result.insert(QStringLiteral("fold"), fold);
    return result;
}

} // namespace eventloom
