#pragma once

#include "scenario/scenario.h"

#include <QStringList>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace eventloom::bench {

/// `--name value` options of a benchmark executable; `--set` may repeat. Unknown names and bad numbers
/// end the program with a usage line, so a typo never produces figures for the wrong shape.
class BenchArgs {
public:
    BenchArgs(int argc, char** argv, std::vector<std::string> known, std::string usage);

    std::uint64_t number(const std::string& name, std::uint64_t fallback) const;
    std::string text(const std::string& name, const std::string& fallback) const;
    std::vector<std::string> all(const std::string& name) const;
    /// The scenario at `--scenario` (else `fallback`) with `overrides` and then every `--set` applied;
    /// nothing, after printing its errors, if it does not load.
    std::optional<Scenario> scenario(const std::string& fallback, QStringList overrides = {}) const;

private:
    [[noreturn]] void fail(const std::string& message) const;

    std::string m_usage;
    std::multimap<std::string, std::string> m_values;
};

} // namespace eventloom::bench
