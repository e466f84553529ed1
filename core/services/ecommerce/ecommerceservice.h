#pragma once

#include "../../base/cowvector.h"
#include "../partialstate.h"
#include "../service.h"
#include "../servicecontext.h"
#include "ecommercenames.h"

#include <QJsonObject>
#include <string_view>
#include <vector>

namespace eventloom {

/// Base of the built-in e-commerce services: the idempotent-consumer inbox and the accounting of
/// double effects.
///
/// Every message a service handles is remembered in its inbox (part of its own database, so it
/// survives a crash). When the same message arrives again — a redelivery after a crash, or a
/// duplicate — an idempotent service skips it (outcome `skipped-duplicate`); a non-idempotent one
/// handles it again, and each effect it repeats (a second charge, a second email…) is reported as a
/// `duplicate-effect` trace record and counted in `duplicateEffects`.
class EcommerceService : public Service, public PartialState {
public:
    EcommerceService(EventLog& log, bool idempotent)
        : m_names(log.atoms())
        , m_log(&log)
        , m_idempotent(idempotent)
    {
    }

    HandleResult handle(ServiceContext& ctx, const Event& message) final;
    QJsonObject state() const final;
    QJsonObject readState(const StatePaths& read, const QString& at, StatePaths::Counts& counts) const final;
    std::optional<qint64> stateNumber(std::span<const QString> path, bool counted) const final;
    bool idempotent() const { return m_idempotent; }
    void rebind(const ServiceHost& host) override;
    bool setIdempotent(bool on) final
    {
        m_idempotent = on;
        return true;
    }

protected:
    /// Handles a message the inbox let through.
    virtual HandleResult handleMessage(ServiceContext& ctx, const Event& message) = 0;
    /// The service's own state, for state().
    virtual QJsonObject ownState() const = 0;
    /// ownState() with at least the keys `read` names, if it can leave costly others out (a check's sample).
    virtual QJsonObject ownStateFor(const StatePaths& read) const
    {
        (void)read;
        return ownState();
    }
    /// stateNumber for the keys of ownState() (those state() adds are read here).
    virtual std::optional<qint64> ownNumber(std::span<const QString> path, bool counted) const
    {
        (void)path;
        (void)counted;
        return std::nullopt;
    }
    /// Subclasses call this for every externally visible effect (a reservation, a charge, an email);
    /// `what` names it ("charge", "email"). Repeats of an already-handled message are reported.
    void effect(ServiceContext& ctx, std::string_view what);
    /// Refuses a command: traces `rejected` with the reason and returns the outcome to report.
    HandleResult reject(ServiceContext& ctx, std::string_view reason);
    /// Helpers for payload fields.
    static Atom text(ServiceContext& ctx, const Event& message, Atom field);
    static std::int64_t number(ServiceContext& ctx, const Event& message, Atom field);
    QString name(Atom atom) const;
    const EcommerceNames& names() const { return m_names; }
    /// A payload builder for an event of this flow: the order id and the given fields.
    static PayloadBuilder& payloadFor(ServiceContext& ctx, const EcommerceNames& n, Atom orderId);

private:
    EcommerceNames m_names;
    const EventLog* m_log; ///< for naming atoms in state(); read on the simulation's thread only
    bool m_idempotent;
    bool m_repeating = false; ///< the message being handled was handled before
    /// By message seq: dense, so a bitmap (64 seqs a word), copy-on-write so a fork shares what it has not changed.
    CowVector<std::uint64_t> m_inbox;
    std::int64_t m_skipped = 0;
    std::int64_t m_repeatedEffects = 0;
};

} // namespace eventloom
