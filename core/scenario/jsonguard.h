#pragma once

#include "diagnostic.h"

#include <QByteArray>
#include <QString>

namespace eventloom {

/// A strict, bounded check of a JSON text before QJsonDocument parses it. QJsonDocument accepts
/// things a scenario must not contain — duplicate keys (it silently keeps one), numbers that
/// overflow to infinity, lone surrogates — and spends memory in proportion to whatever it is
/// given. JsonGuard reads the text once, left to right, with no tree: its memory is the key sets of
/// the objects currently open (at most `maxDepth` of them) and its time is linear in the size.
///
/// Everything it finds is a Diagnostic `FILE:LINE:COL: error: [PATH: ]MESSAGE`, the path written as
/// the scenario reader writes it (`services[2].latency`). Problems that leave the text readable
/// (duplicate keys, bad UTF-8 inside a string, numbers out of range, a string too long) are all
/// reported; a syntax error or a broken limit (depth, value count) ends the check, since what follows
/// cannot be read reliably. At most `maxErrors` diagnostics are returned.
class JsonGuard {
public:
    struct Limits {
        qsizetype maxBytes = 4 * 1024 * 1024; ///< the whole text (ScenarioLoader::kMaxFileBytes)
        int maxDepth = 64; ///< arrays and objects open at once
        qsizetype maxValues = 200'000; ///< values of any kind, containers included
        qsizetype maxStringBytes = 256 * 1024; ///< one string value, as written (escapes count as written)
        qsizetype maxKeyBytes = 1024; ///< one object key, as written
        qsizetype maxNumberChars = 64; ///< one number token
        int maxErrors = 100;
    };

    /// Every problem of `text`, named as `file`; empty if QJsonDocument may parse it.
    static Diagnostics check(const QByteArray& text, const QString& file);
    static Diagnostics check(const QByteArray& text, const QString& file, const Limits& limits);
};

} // namespace eventloom
