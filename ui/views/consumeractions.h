#pragma once

#include "faults/injectionspec.h"

#include <QList>
#include <QString>
#include <functional>

class QAction;
class QObject;

namespace eventloom {

/// The context-menu actions that attach, detach and scale a consumer at run time (the `attach`, `detach` and
/// `scale` injections), shared by the Architecture's service menu and the Topics dock's group menu. Each
/// action's tool tip is its spec; triggering it hands the spec to `request`.
struct ConsumerActions {
    enum class State { Waiting, Attached, Detached };
    /// `prefix` names the actions' objects (`<prefix>Detach`, `<prefix>AttachEarliest`, `<prefix>ScaleUp`, …);
    /// their text names the service.
    static QList<QAction*> make(const QString& service, State state, int instances, const QString& prefix,
        QObject* parent, const std::function<void(const InjectionSpec&)>& request);
};

} // namespace eventloom
