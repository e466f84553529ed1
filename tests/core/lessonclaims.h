#pragma once

// The lesson figures test's claims (tests/core/tst_lessonfigures.cpp): for each shipped lesson, the numbers
// its text states that are not filled in from the run, and how the run, a variant of it or the scenario's
// configuration gives each. Split by lesson family: lessonclaimsbus.cpp, lessonclaimsflows.cpp.

#include "lessonlab.h"

#include "faults/injectionspec.h"

#include <functional>
#include <map>
#include <vector>

namespace eventloom::test {

/// A number the lesson states, and how to compute it.
struct Claim {
    QString literal; ///< as the text writes it
    std::function<double(Lab&)> value;
    double tolerance = 0; ///< relative, for "about"; 0: equal to the text's last digit
};

inline constexpr double kMs = 1000.0;
inline constexpr double kS = 1'000'000.0;

/// On the lesson's own run (default seed, no injection), at its end.
Claim end(const char* literal, const char* expression, double tolerance = 0);

/// On a variant of the run, at its end.
Claim variant(const char* literal, QStringList sets, QStringList injects, const char* expression, double tolerance = 0);

/// In the scenario file; durations ("8ms") in microseconds, divided by `unit`.
Claim config(const char* literal, const char* expression, double unit = 1);

/// From the trace of a run (the default one unless `sets`/`injects`).
Claim traced(const char* literal, std::function<double(const LabRun&)> f, double tolerance = 0, QStringList sets = {},
    QStringList injects = {});

/// An injection spec written in the claims (a variant's), parsed.
InjectionSpec spec(const QString& text);

/// The scenario's own injection `index` (its "injections" list), parsed.
InjectionSpec injection(Lab& lab, int index);

/// When the scenario's injection `index` takes effect, in `unit`, plus `offset` ("stop at 1.99 s", just before it).
Claim injectedAt(const char* literal, int index, double unit, double offset = 0);

/// How long the scenario's injection `index` lasts (its `for=`), in `unit`.
Claim injectedFor(const char* literal, int index, double unit);

/// A number that names something (a partition, an instance): the claim holds when `f` says the run shows it.
Claim fact(const char* literal, std::function<bool(const LabRun&)> f, QStringList sets = {}, QStringList injects = {});

double count(const LabRun& run, const std::function<bool(const Row&)>& match);

/// The handled rows of one group on one partition.
std::function<double(const LabRun&)> handledOn(const QString& group, int partition);

/// Walks how many records `group` is behind over the run: after every trace record, the end offsets of the
/// partitions it reads minus its committed offsets, given to `visit` with the record's time until it returns false.
void walkLag(const LabRun& run, const QString& group, const std::function<bool(SimTime, qint64)>& visit);

/// The most records `group` was ever behind, over the run.
double maxLag(const LabRun& run, const QString& group);

/// How many records `group` was behind at `t`.
double lagAt(const LabRun& run, const QString& group, SimTime t);

/// When `group` was first 0 records behind after `after`, or -1.
SimTime caughtUpAt(const LabRun& run, const QString& group, SimTime after);

/// When `group` last handled something, or when the last of `kind` rows happened, in seconds.
double lastTime(const LabRun& run, const QString& kind, const QString& group = {});

/// When the last `kind` row of message `type` happened, in seconds.
double lastOfType(const LabRun& run, const QString& kind, const QString& type);

/// The row of `kind` ("appended", "append-conflict", "snapshot") on stream `key` that reached `version`
/// (for a conflict: the version the stream was at), or none.
const Row* streamRow(const LabRun& run, const QString& kind, const QString& key, qint64 version);

/// How many `type` events were published with the reason "order cancelled": a cancelled order refused.
double refusedCancelled(const LabRun& run, const QString& type);

/// When `key`'s PlaceOrder was sent, and when message `type` of `key` was published, in the run.
SimTime timeOf(const LabRun& run, const QString& kind, const QString& type, const QString& key);

/// Whether every OrderCreated of `partition` was handled by inventory's instance `instance`.
std::function<bool(const LabRun&)> ownedBy(int partition, int instance);

/// The first row of `kind` for `group`'s handling of `type` of `key`.
const Row& firstRow(
    const LabRun& run, const QString& kind, const QString& group, const QString& type, const QString& key);

/// How many of `service`'s duplicate effects came from a copy the bus `duplicated` (rather than a redelivery).
double effectsOfBusCopies(const LabRun& run, const QString& service, bool busCopies);

/// The lessons whose every number is accounted for, with the claims that account for the ones not filled in.
std::map<QString, std::vector<Claim>> claims();
/// The bus lessons' claims (01–05, 10–13, 15), and the flows' (06–09, 14, 16, 17).
void addBusLessonClaims(std::map<QString, std::vector<Claim>>& c);
void addFlowLessonClaims(std::map<QString, std::vector<Claim>>& c);

} // namespace eventloom::test
