#include "benchargs.h"

#include "scenario/scenarioloader.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace eventloom::bench {

BenchArgs::BenchArgs(int argc, char** argv, std::vector<std::string> known, std::string usage)
    : m_usage(std::move(usage))
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::printf("usage: %s\n", m_usage.c_str());
            std::exit(0);
        }
        if (arg.rfind("--", 0) != 0 || std::find(known.begin(), known.end(), arg.substr(2)) == known.end())
            fail("unknown argument '" + arg + "'");
        if (i + 1 >= argc)
            fail(arg + " expects a value");
        m_values.emplace(arg.substr(2), argv[++i]);
    }
}

std::uint64_t BenchArgs::number(const std::string& name, std::uint64_t fallback) const
{
    const auto it = m_values.find(name);
    if (it == m_values.end())
        return fallback;
    char* end = nullptr;
    const unsigned long long value = std::strtoull(it->second.c_str(), &end, 10);
    if (it->second.empty() || *end != '\0')
        fail("--" + name + " expects a non-negative integer, got '" + it->second + "'");
    return value;
}

std::string BenchArgs::text(const std::string& name, const std::string& fallback) const
{
    const auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second;
}

std::vector<std::string> BenchArgs::all(const std::string& name) const
{
    std::vector<std::string> values;
    const auto [begin, end] = m_values.equal_range(name);
    for (auto it = begin; it != end; ++it)
        values.push_back(it->second);
    return values;
}

void BenchArgs::fail(const std::string& message) const
{
    std::fprintf(stderr, "%s\nusage: %s\n", message.c_str(), m_usage.c_str());
    std::exit(64);
}

std::optional<Scenario> BenchArgs::scenario(const std::string& fallback, QStringList overrides) const
{
    for (const std::string& assignment : all("set"))
        overrides.append(QString::fromStdString(assignment));
    const auto loaded = ScenarioLoader::loadFile(QString::fromStdString(text("scenario", fallback)), overrides);
    if (!loaded.ok()) {
        for (const Diagnostic& d : loaded.errors)
            std::fprintf(stderr, "%s\n", qPrintable(d.toString()));
        return std::nullopt;
    }
    return *loaded.scenario;
}

} // namespace eventloom::bench
