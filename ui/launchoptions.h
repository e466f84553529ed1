#pragma once

#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>

namespace eventloom {

/// The desktop app's command line (a public contract, PRODUCT.md §3):
/// `eventloom [FILE] [--play] [--speed X] [--seed N]`.
struct LaunchOptions {
    QString file; ///< a scenario path or shipped scenario name; empty: show the start page
    bool play = false;
    double speed = 1.0; ///< simulated seconds per wall second; PlaybackSpeed::kMax for `max`
    std::optional<std::uint64_t> seed;
    bool help = false;
    bool version = false;

    /// `arguments` without the program name. On failure returns nullopt and sets `error` to one line.
    static std::optional<LaunchOptions> parse(const QStringList& arguments, QString& error);
    static QString usage();
};

} // namespace eventloom
