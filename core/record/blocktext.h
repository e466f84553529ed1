#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace eventloom::blocktext {

/// A cursor over the JSON text of a run file's block (TraceBlock, MessageBlock): the strict subset of JSON
/// the recorder writes, read without allocating. Untrusted: every read checks what it finds.
struct Reader {
    const char* p;
    const char* end;

    // The calls a block's every value makes are inline: out of line they were a tenth of an export.
    void skipSpace()
    {
        while (p != end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
            ++p;
    }
    /// Consumes `c` after any space.
    bool take(char c)
    {
        skipSpace();
        if (p == end || *p != c)
            return false;
        ++p;
        return true;
    }
    /// Whether `c` comes next (after any space), without consuming it.
    bool peek(char c)
    {
        skipSpace();
        return p != end && *p == c;
    }
    /// A JSON integer (no fraction, exponent or leading zero) that fits 64 bits; `why` says what it is not.
    bool integer(std::int64_t& value, std::string& why)
    {
        skipSpace();
        const char* digits = p != end && *p == '-' ? p + 1 : p;
        const char* q = digits;
        while (q != end && *q >= '0' && *q <= '9')
            ++q;
        if (q == digits || (*digits == '0' && q - digits > 1) || (q != end && (*q == '.' || *q == 'e' || *q == 'E'))) {
            why = "is not an integer";
            return false;
        }
        const auto [last, failure] = std::from_chars(p, q, value);
        if (failure != std::errc() || last != q) {
            why = "is out of range";
            return false;
        }
        p = q;
        return true;
    }
    /// A JSON string's raw text, quotes included; `escaped` whether it holds a backslash.
    bool string(std::string_view& raw, bool& escaped);
    /// Skips one JSON value of any kind, checking its shape (nesting at most 64).
    bool value(int depth = 0);
};

/// What a block holds, for its parser's errors.
struct Items {
    const char* noun; ///< "record": "record 4100: …", "holds 3 records"
    const char* firstName; ///< "first record id": "its first record id -1 is out of range"
    std::int64_t minFirst; ///< the smallest first id
    std::int64_t max; ///< the most items a block may hold (bounds what a hostile `n` allocates)
    const char* notArray; ///< why an item that is not an array is refused
};

/// Reads the frame of block `data`: a JSON array of `n` items from id `first`, each an array. For each item,
/// after its '[', calls `item(in, index, id, why)`, which reads up to and with its ']' or returns false with
/// `why`. False with `error` ("record 4100: offset is out of range", "has text after its records").
template <typename Item>
bool parse(
    std::string_view data, std::int64_t first, std::int64_t n, const Items& items, Item&& item, std::string& error)
{
    const std::string plural = std::string(items.noun) + 's';
    if (n < 1 || n > items.max) {
        error = "holds " + std::to_string(n) + ' ' + plural + " (1 to " + std::to_string(items.max) + " expected)";
        return false;
    }
    if (first < items.minFirst || first > INT64_MAX - n) {
        error = std::string("its ") + items.firstName + ' ' + std::to_string(first) + " is out of range";
        return false;
    }
    Reader in { data.data(), data.data() + data.size() };
    if (!in.take('[')) {
        error = "is not a JSON array";
        return false;
    }
    for (std::int64_t i = 0;; ++i) {
        const std::int64_t id = first + i;
        std::string why;
        if (i == n) {
            if (in.take(']'))
                break;
            why = "the block holds more than its " + std::to_string(n) + ' ' + plural;
        } else if ((i > 0 && !in.take(',')) || !in.take('[')) {
            why = in.take(']')
                ? "missing (the block holds " + std::to_string(i) + " of its " + std::to_string(n) + ' ' + plural + ')'
                : std::string(items.notArray);
        } else if (item(in, i, id, why)) {
            continue;
        }
        error = std::string(items.noun) + ' ' + std::to_string(id) + ": " + why;
        return false;
    }
    in.skipSpace();
    if (in.p != in.end) {
        error = "has text after its " + plural;
        return false;
    }
    return true;
}

} // namespace eventloom::blocktext
