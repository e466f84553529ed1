#pragma once

// How much of a sweep a suite runs. The release build runs every sweep in full. The sanitizer build (the asan
// preset) runs about ten times slower, and there a sweep is to find memory errors and undefined behaviour on the
// code paths it takes, which its first part already takes, not to prove more values: it runs a part, and CI stays
// within its time (docs/benchmarks.md, "Build and CI time").

namespace sweep {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool underSanitizers = true;
#else
inline constexpr bool underSanitizers = false;
#endif

/// `full` in the release build, `sanitized` under the sanitizers.
template <typename T>
constexpr T size(T full, T sanitized)
{
    return underSanitizers ? sanitized : full;
}

} // namespace sweep
