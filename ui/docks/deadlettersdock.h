#pragma once

#include <QDockWidget>

namespace eventloom {

struct DockContext;
struct Scenario;
class DeadLettersView;

/// The Dead Letters dock: the records a subscription gave up on, at the moment shown, narrowed to the
/// order followed; one can be republished (an injection).
class DeadLettersDock final : public QDockWidget {
    Q_OBJECT
public:
    DeadLettersDock(const DockContext& context, QWidget* parent);

    /// Only where a subscription dead-letters: elsewhere nothing can arrive there.
    static bool wanted(const Scenario* scenario);
    DeadLettersView* view() const { return m_view; }

private:
    DeadLettersView* m_view = nullptr;
};

} // namespace eventloom
