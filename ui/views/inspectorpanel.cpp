#include "inspectorpanel.h"

#include "richtextguard.h"
#include "servicestateview.h"

#include <QJsonDocument>
#include <QTabWidget>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace eventloom {

namespace {
/// The message as rich text; its values come from run files and imported logs. They are escaped, and
/// should one slip through, the browser still reads no file, device or FIFO a picture names.
class MessageBrowser final : public QTextBrowser {
public:
    using QTextBrowser::QTextBrowser;
    QVariant loadResource(int type, const QUrl& name) override
    {
        const QVariant refused = RichTextGuard::refusedResource(type, name);
        return refused.isValid() ? refused : QTextBrowser::loadResource(type, name);
    }
};

QString link(const MessageDetails::Brief& brief)
{
    return QStringLiteral("<a href=\"msg:%1\">%2</a> <span style=\"color:gray\">from %3 at %4 s</span>")
        .arg(static_cast<qint64>(brief.seq))
        .arg(brief.type.toHtmlEscaped(), brief.producer.toHtmlEscaped())
        .arg(static_cast<double>(brief.time) / 1e6, 0, 'f', 6);
}
}

InspectorPanel::InspectorPanel(QWidget* parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_view(new MessageBrowser(m_tabs))
    , m_state(new ServiceStateView(m_tabs))
{
    setObjectName(QStringLiteral("inspectorPanel"));
    m_view->setObjectName(QStringLiteral("inspectorText"));
    m_view->setOpenLinks(false);
    connect(m_view, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme() == QLatin1String("msg"))
            Q_EMIT messageActivated(url.path().toUInt());
    });
    m_tabs->setObjectName(QStringLiteral("inspectorTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_view, tr("Message"));
    m_tabs->addTab(m_state, tr("Service State"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { m_state->runAdvanced(); }); // fresh when it shows
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    clear();
}

void InspectorPanel::showService(const QString& service)
{
    m_tabs->setCurrentWidget(m_state);
    m_state->setService(service);
}

void InspectorPanel::clear()
{
    m_seq = 0xFFFFFFFFu;
    m_view->setHtml(tr("<p style=\"color:gray\">Select a message in the timeline or the log.</p>"));
}

QString InspectorPanel::text() const
{
    return m_view->toPlainText();
}

void InspectorPanel::display(std::uint32_t seq, const MessageDetails& details, const std::vector<Delivery>& deliveries)
{
    m_seq = seq;
    m_tabs->setCurrentWidget(m_view);
    QString html
        = QStringLiteral("<h3>%1 <span style=\"color:gray;font-weight:normal\">%2</span></h3>")
              .arg(details.type.toHtmlEscaped(), details.command ? QStringLiteral("command") : QStringLiteral("event"));
    html += QStringLiteral("<table cellspacing=\"2\">");
    const auto row = [&](const char* key, const QString& shown) {
        html += QStringLiteral("<tr><td style=\"color:gray\">%1</td><td>%2</td></tr>")
                    .arg(QLatin1String(key), shown.toHtmlEscaped());
    };
    row("id", details.id);
    row("version", QString::number(details.version));
    if (!details.command) {
        row("topic", details.topic);
        row("partition", QString::number(details.partition));
        row("offset", QString::number(details.offset));
    } else {
        row("target", details.target);
    }
    row("key", details.key);
    if (details.tenant)
        row("tenant", *details.tenant);
    row("correlationId", details.correlationId);
    row("producer", details.producer);
    row("timeUs", QString::number(details.time));
    html += QStringLiteral("</table>");
    const QByteArray payload = QJsonDocument(details.payload).toJson(QJsonDocument::Indented);
    html += tr("<h4>Payload</h4>") + QStringLiteral("<pre>%1</pre>").arg(QString::fromUtf8(payload).toHtmlEscaped());

    html += tr("<h4>Deliveries</h4>");
    if (deliveries.empty())
        html += tr("<p style=\"color:gray\">none yet</p>");
    else {
        html += QStringLiteral("<table cellspacing=\"4\">");
        for (const Delivery& d : deliveries)
            html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td></tr>")
                        .arg(d.time.toHtmlEscaped(), d.what.toHtmlEscaped(), d.consumer.toHtmlEscaped(),
                            d.attempt > 1 ? tr("try %1").arg(d.attempt) : QString(),
                            d.outcome == QLatin1String("failed")
                                ? QStringLiteral("<b style=\"color:#c0392b\">failed</b>")
                                : d.outcome.toHtmlEscaped());
        html += QStringLiteral("</table>");
    }

    html += tr("<h4>Causal chain</h4>");
    html += details.causedBy ? tr("<p>Caused by %1</p>").arg(link(*details.causedBy))
                             : tr("<p style=\"color:gray\">Caused by nothing: it starts a chain.</p>");
    if (details.caused.empty())
        html += tr("<p style=\"color:gray\">It caused nothing (yet).</p>");
    else {
        html += tr("<p>It caused:</p><ul>");
        for (const MessageDetails::Brief& effect : details.caused)
            html += QStringLiteral("<li>%1</li>").arg(link(effect));
        html += QStringLiteral("</ul>");
    }
    m_view->setHtml(html);
}

} // namespace eventloom
