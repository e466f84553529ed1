#pragma once

#include "base/simtime.h"
#include "faults/injectionspec.h"

#include <QDialog>
#include <QStringList>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QRadioButton;

namespace eventloom {

/// Asks where to move a consumer group's committed offset — the earliest offset (replay everything),
/// the latest (skip to the end) or the first published at or after a simulated time — and on which
/// topic and partition (all of the group's by default). spec() is the `reset-offset` injection it stands for.
class OffsetResetDialog final : public QDialog {
    Q_OBJECT
public:
    /// One topic the group reads, with its partition count.
    struct Topic {
        QString name;
        int partitions = 1;
    };
    enum class Target { Earliest, Latest, Time };

    OffsetResetDialog(const QString& group, std::vector<Topic> topics, SimTime now, QWidget* parent = nullptr);

    /// `reset-offset,group=G[,topic=T][,partition=P],to=earliest|latest|TIMEus`.
    InjectionSpec spec() const;
    QString group() const { return m_group; }

    void setTarget(Target target);
    /// The topic's index in the list given (-1: all topics), and the partition (-1: all partitions).
    void setTopic(int topic);
    void setPartition(int partition);
    void setTime(SimTime t);

private:
    void topicChanged();
    void targetChanged();

    QString m_group;
    std::vector<Topic> m_topics;
    QRadioButton* m_earliest = nullptr;
    QRadioButton* m_latest = nullptr;
    QRadioButton* m_time = nullptr;
    QDoubleSpinBox* m_seconds = nullptr;
    QComboBox* m_topic = nullptr;
    QComboBox* m_partition = nullptr;
};

} // namespace eventloom
