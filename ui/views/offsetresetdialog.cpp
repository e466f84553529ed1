#include "offsetresetdialog.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>
#include <cmath>

namespace eventloom {

OffsetResetDialog::OffsetResetDialog(const QString& group, std::vector<Topic> topics, SimTime now, QWidget* parent)
    : QDialog(parent)
    , m_group(group)
    , m_topics(std::move(topics))
{
    setObjectName(QStringLiteral("offsetResetDialog"));
    setWindowTitle(tr("Reset Offset of %1").arg(group));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Move the committed offset of consumer group <b>%1</b>. The group reads on from "
                                "there: what it had read comes again (a replay; its idempotency decides whether the "
                                "effects repeat), or what it had not read is skipped. Work in flight on those "
                                "partitions is abandoned.")
                                 .arg(group.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* form = new QFormLayout;
    m_earliest = new QRadioButton(tr("&Earliest: replay every record still kept (from the log start)"), this);
    m_earliest->setObjectName(QStringLiteral("resetEarliest"));
    m_latest = new QRadioButton(tr("&Latest: skip to the end (no lag)"), this);
    m_latest->setObjectName(QStringLiteral("resetLatest"));
    m_time = new QRadioButton(tr("&To time: the first record published at or after"), this);
    m_time->setObjectName(QStringLiteral("resetToTime"));
    auto* targets = new QButtonGroup(this);
    for (QRadioButton* b : { m_earliest, m_latest, m_time })
        targets->addButton(b);
    m_seconds = new QDoubleSpinBox(this);
    m_seconds->setObjectName(QStringLiteral("resetTime"));
    m_seconds->setSuffix(tr(" s"));
    m_seconds->setDecimals(3);
    m_seconds->setRange(0.0, 1e9);
    m_seconds->setSingleStep(0.5);
    m_seconds->setValue(static_cast<double>(now) / kSecond);
    m_seconds->setToolTip(tr("Simulated time; the current time by default"));
    auto* timeRow = new QHBoxLayout;
    timeRow->addWidget(m_time);
    timeRow->addWidget(m_seconds);
    timeRow->addStretch();
    auto* targetBox = new QVBoxLayout;
    targetBox->addWidget(m_earliest);
    targetBox->addWidget(m_latest);
    targetBox->addLayout(timeRow);
    form->addRow(tr("Reset to:"), targetBox);

    m_topic = new QComboBox(this);
    m_topic->setObjectName(QStringLiteral("resetTopic"));
    m_topic->addItem(tr("All topics of the group"));
    for (const Topic& t : m_topics)
        m_topic->addItem(t.name);
    form->addRow(tr("T&opic:"), m_topic);
    m_partition = new QComboBox(this);
    m_partition->setObjectName(QStringLiteral("resetPartition"));
    form->addRow(tr("&Partition:"), m_partition);
    layout->addLayout(form);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("resetButtons"));
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Reset Offset"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_topic, &QComboBox::currentIndexChanged, this, &OffsetResetDialog::topicChanged);
    connect(targets, &QButtonGroup::buttonToggled, this, &OffsetResetDialog::targetChanged);

    m_earliest->setChecked(true);
    topicChanged();
    targetChanged();
}

void OffsetResetDialog::topicChanged()
{
    const int topic = m_topic->currentIndex() - 1;
    m_partition->clear();
    m_partition->addItem(tr("All partitions"));
    if (topic >= 0)
        for (int p = 0; p < m_topics[static_cast<std::size_t>(topic)].partitions; ++p)
            m_partition->addItem(tr("partition %1").arg(p));
    // A partition is named with its topic, as Kafka's `--topic T:P` does.
    m_partition->setEnabled(topic >= 0);
}

void OffsetResetDialog::targetChanged()
{
    m_seconds->setEnabled(m_time->isChecked());
}

void OffsetResetDialog::setTarget(Target target)
{
    (target == Target::Earliest ? m_earliest : target == Target::Latest ? m_latest : m_time)->setChecked(true);
}

void OffsetResetDialog::setTopic(int topic)
{
    m_topic->setCurrentIndex(topic + 1);
}

void OffsetResetDialog::setPartition(int partition)
{
    m_partition->setCurrentIndex(partition + 1);
}

void OffsetResetDialog::setTime(SimTime t)
{
    m_seconds->setValue(static_cast<double>(t) / kSecond);
}

InjectionSpec OffsetResetDialog::spec() const
{
    using To = InjectionSpec::ResetTo;
    const To to = m_earliest->isChecked() ? To::Earliest : m_latest->isChecked() ? To::Latest : To::Time;
    InjectionSpec spec
        = InjectionSpec::resetOffset(m_group, to, static_cast<SimTime>(std::llround(m_seconds->value() * kSecond)));
    if (const int topic = m_topic->currentIndex() - 1; topic >= 0) {
        spec.onTopic(m_topics[static_cast<std::size_t>(topic)].name);
        if (const int partition = m_partition->currentIndex() - 1; partition >= 0)
            spec.onPartition(partition);
    }
    return spec;
}

} // namespace eventloom
