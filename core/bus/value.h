#pragma once

#include "../base/atomtable.h"

#include <cstdint>

namespace eventloom {

/// A structured payload value: 16 bytes, no heap. Strings are atoms; lists and maps are ranges of
/// Fields in the run's payload arena (see EventLog), so events carry structure without allocating.
struct Value {
    enum class Type : std::uint8_t { Null, Bool, Int, Double, String, List, Map };
    struct Range {
        std::uint32_t begin;
        std::uint32_t count;
    };

    Type type = Type::Null;
    union {
        bool b;
        std::int64_t i;
        double d;
        Atom s;
        Range range;
    };

    Value()
        : i(0)
    {
    }
    static Value boolean(bool v)
    {
        Value x;
        x.type = Type::Bool;
        x.b = v;
        return x;
    }
    static Value integer(std::int64_t v)
    {
        Value x;
        x.type = Type::Int;
        x.i = v;
        return x;
    }
    static Value real(double v)
    {
        Value x;
        x.type = Type::Double;
        x.d = v;
        return x;
    }
    static Value string(Atom v)
    {
        Value x;
        x.type = Type::String;
        x.s = v;
        return x;
    }
    static Value list(Range r)
    {
        Value x;
        x.type = Type::List;
        x.range = r;
        return x;
    }
    static Value map(Range r)
    {
        Value x;
        x.type = Type::Map;
        x.range = r;
        return x;
    }

    bool isNull() const { return type == Type::Null; }
};

/// A map entry (key != 0) or a list item (key == 0).
struct Field {
    Atom key = 0;
    Value value;
};

} // namespace eventloom
