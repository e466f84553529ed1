#pragma once

#include "simulation/messagedetails.h"

#include <QWidget>
#include <cstdint>
#include <vector>

class QTabWidget;
class QTextBrowser;

namespace eventloom {

class ServiceStateView;

/// The selected message, whole: its envelope, its payload, where it was delivered (each consumer's
/// attempts and outcomes), and its causal chain — the message it answered and the ones it caused,
/// each a link that selects it. A second tab shows a chosen service's own state.
class InspectorPanel final : public QWidget {
    Q_OBJECT
public:
    /// One delivery or handling of the message, from the event log.
    struct Delivery {
        QString time;
        QString what; ///< "delivered", "handled", "redelivered"
        QString consumer;
        int attempt = 0;
        QString outcome;
    };

    explicit InspectorPanel(QWidget* parent = nullptr);

    void display(std::uint32_t seq, const MessageDetails& details, const std::vector<Delivery>& deliveries);
    void clear();
    std::uint32_t message() const { return m_seq; }
    /// The text shown, for tests.
    QString text() const;
    ServiceStateView* serviceState() const { return m_state; }
    /// Shows the Service State tab with `service` picked.
    void showService(const QString& service);

Q_SIGNALS:
    /// A link in the causal chain was followed.
    void messageActivated(std::uint32_t seq);

private:
    QTabWidget* m_tabs;
    QTextBrowser* m_view;
    ServiceStateView* m_state;
    std::uint32_t m_seq = 0xFFFFFFFFu;
};

} // namespace eventloom
