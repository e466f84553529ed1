#include "reviewbanner.h"

#include <QAction>
#include <QDateTime>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QToolButton>
#include <QVBoxLayout>

namespace eventloom {

ReviewBanner::ReviewBanner(QAction* resimulate, QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("reviewBanner"));
    setAutoFillBackground(true);
    QPalette colours = palette();
    colours.setColor(QPalette::Window, QColor(0xff, 0xf4, 0xd6)); // a pale amber: a recording, not a live run
    colours.setColor(QPalette::WindowText, QColor(0x3a, 0x2e, 0x00));
    setPalette(colours);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 4, 6, 4);
    auto* text = new QVBoxLayout;
    text->setSpacing(1);
    m_headline = new QLabel(this);
    m_headline->setObjectName(QStringLiteral("reviewHeadline"));
    m_headline->setTextFormat(Qt::PlainText); // the run file's name and stored facts
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_headline->font();
    bold.setBold(true);
    m_headline->setFont(bold);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("reviewNote"));
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);
    text->addWidget(m_headline);
    text->addWidget(m_note);
    layout->addLayout(text, 1);
    m_resimulate = new QToolButton(this);
    m_resimulate->setObjectName(QStringLiteral("resimulateButton"));
    m_resimulate->setDefaultAction(resimulate);
    m_resimulate->setToolButtonStyle(Qt::ToolButtonTextOnly);
    layout->addWidget(m_resimulate, 0, Qt::AlignVCenter);
}

QString ReviewBanner::headline(const QJsonObject& info)
{
    const QString file = QFileInfo(info.value(QLatin1String("path")).toString()).fileName();
    const QDateTime when = QDateTime::fromString(info.value(QLatin1String("recorded")).toString(), Qt::ISODate);
    const bool imported = info.value(QLatin1String("origin")).toString() != QLatin1String("recorded");
    const QString date = when.isValid() ? QLocale::c().toString(when.toUTC(), QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))
                                        : tr("unknown");
    QString fingerprint = info.value(QLatin1String("fingerprint")).toString();
    if (fingerprint.isEmpty())
        fingerprint = imported ? tr("none") : tr("none: the recording was cut short");
    return tr("Review: %1 (%2 %3, fingerprint %4) — not simulating")
        .arg(file, imported ? tr("imported") : tr("recorded"), date, fingerprint);
}

void ReviewBanner::setRun(const QJsonObject& info)
{
    m_headline->setText(headline(info));
    const bool imported = info.value(QLatin1String("origin")).toString() != QLatin1String("recorded");
    m_noteText = imported
        ? tr("An imported event log: the log, timeline, metrics and inspector show its records; topics and "
             "services are the ones its records name. Services' state and read models need a scenario.")
        : tr("From the file: the log, timeline, sagas, metrics, architecture, inspector, topics' offsets and "
             "lag, dead letters; read models rebuilt from the recorded log. Services' own state needs the "
             "engine: re-simulate the run for it, or to inject faults.");
    m_note->setText(m_noteText);
    m_resimulate->setVisible(!imported);
}

void ReviewBanner::setProgress(qint64 done, qint64 total)
{
    if (done >= total || total <= 0)
        m_note->setText(m_noteText);
    else
        m_note->setText(
            tr("Reading the run file: %1 of %2 records (%3 %)…").arg(done).arg(total).arg(done * 100 / total));
}

} // namespace eventloom
