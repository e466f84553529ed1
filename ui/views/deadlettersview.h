#pragma once

#include "faults/injectionspec.h"
#include "refreshthrottle.h"

#include "simulation/busstate.h"

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace eventloom {

class DeadLetterModel;

/// The Dead Letters dock: every message a consumer gave up on (topic, type, original offset, group,
/// attempts, reason, time); the selected one's payload as editable JSON; Republish and Republish
/// Edited ask for a `republish,index=N[,payload=…]` injection, which the engine applies, traces and
/// records like any fault. It never reads the simulation: it asks (stateRequested) and shows setState.
class DeadLettersView final : public QWidget {
    Q_OBJECT
public:
    explicit DeadLettersView(QWidget* parent = nullptr);

    DeadLetterModel* model() const { return m_model; }
    void setState(const BusState& state);
    void runAdvanced();
    void clear();
    /// The "follow this order" lens: only the dead letters of this correlation id (empty: all).
    void setFollowed(const QString& correlation);
    QSize sizeHint() const override { return { 820, 240 }; } // the table's seven columns and the payload beside them
    /// Selects row `row` (its payload goes to the editor).
    void select(int row);
    QPlainTextEdit* editor() const { return m_editor; }

    /// The injection spec republishing dead letter `index`, with `edited` as its payload if not null.
    static InjectionSpec republishSpec(int index, const QJsonObject* edited = nullptr);

Q_SIGNALS:
    void stateRequested();
    /// The user asked to republish: an injection spec for the engine's queue.
    void republishRequested(const eventloom::InjectionSpec& spec);

protected:
    void showEvent(QShowEvent* event) override;
    /// Laid out (the first time, or again): it may have come on screen since it last asked.
    void resizeEvent(QResizeEvent* event) override;

private:
    void request();
    void showSelected();
    void republish(bool edited);
    int selectedRow() const;

    DeadLetterModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QPlainTextEdit* m_editor = nullptr;
    QLabel* m_problem = nullptr;
    QPushButton* m_republish = nullptr;
    QPushButton* m_republishEdited = nullptr;
    RefreshThrottle* m_refresh = new RefreshThrottle([this] { request(); }, this);
    BusState m_state; ///< as last received, to apply the lens again without asking
    QString m_followed;
};

} // namespace eventloom
