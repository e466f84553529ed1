#!/usr/bin/env bash
# Issue 22, item 7: the shipped CLI against SimPy on 01's fan-out model, side by side.
#
#   tests/bench/vs-simpy.sh [ORDERS] [REPS]        (defaults: 100000 orders, 3 repetitions)
#
# Runs `eventloom-cli run scenarios/01-pubsub-fanout.json --set workload.orders=ORDERS --json` (as
# shipped: scenario checks and the delivery checker on) and tests/bench/simpy_fanout.py (the same model
# for SimPy: Debian's python3-simpy, installed here if missing — a benchmark-only dependency, not one of
# run.sh's or test.sh's) REPS times each, alternating which goes first, and prints both rates in
# deliveries per second of wall and of CPU time (user + system, whole process), medians with min–max,
# their ratio (budget: the CLI ≥ 10× SimPy), and whether both delivered the same number of messages.
# EVENTLOOM_CLI names another eventloom-cli (default: build/release/app/eventloom-cli).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
orders="${1:-100000}"
reps="${2:-3}"
cli="${EVENTLOOM_CLI:-$root/build/release/app/eventloom-cli}"
python=/usr/bin/python3 # Debian's interpreter, the one python3-simpy installs for

if ! [[ "$orders" =~ ^[1-9][0-9]*$ && "$reps" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: tests/bench/vs-simpy.sh [ORDERS] [REPS]" >&2
    exit 2
fi
if [ ! -x "$cli" ]; then
    echo "vs-simpy: no eventloom-cli at $cli (build Release first, or set EVENTLOOM_CLI)" >&2
    exit 2
fi
if ! "$python" -c "import SimPy" 2>/dev/null && ! "$python" -c "import simpy" 2>/dev/null; then
    # shellcheck source=../../scripts/common.sh
    source "$root/scripts/common.sh"
    eventloom_install_packages python3-simpy
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Runs "$@" with its JSON on stdout into $work/$name.$rep.json and its times into $work/$name.$rep.time.
measure() {
    local name="$1" rep="$2"
    shift 2
    /usr/bin/time -f "%e %U %S" -o "$work/$name.$rep.time" "$@" >"$work/$name.$rep.json"
}

echo "vs-simpy: $orders orders, $reps repetitions; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for ((rep = 0; rep < reps; rep++)); do
    if ((rep % 2 == 0)); then
        measure cli "$rep" "$cli" run "$root/scenarios/01-pubsub-fanout.json" --set "workload.orders=$orders" --json
        measure simpy "$rep" "$python" "$root/tests/bench/simpy_fanout.py" "$orders"
    else
        measure simpy "$rep" "$python" "$root/tests/bench/simpy_fanout.py" "$orders"
        measure cli "$rep" "$cli" run "$root/scenarios/01-pubsub-fanout.json" --set "workload.orders=$orders" --json
    fi
done

"$python" - "$work" "$reps" "$(cut -d' ' -f1 /proc/loadavg)" <<'EOF'
import json, statistics, sys

work, reps, load = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def side(name):
    runs = []
    for rep in range(reps):
        with open(f"{work}/{name}.{rep}.json") as f:
            out = json.load(f)
        with open(f"{work}/{name}.{rep}.time") as f:
            wall, user, system = (float(x) for x in f.read().split()[-3:])
        runs.append({"deliveries": out["deliveries"], "wall": wall, "cpu": user + system, "out": out})
    return runs

def stats(values):
    return statistics.median(values), min(values), max(values)

def text(values, scale=1e-3, unit="k/s"):
    m, lo, hi = (v * scale for v in stats(values))
    return f"{m:,.1f} ({lo:,.1f}–{hi:,.1f}) {unit}"

cli, simpy = side("cli"), side("simpy")
same = len({r["deliveries"] for r in cli + simpy}) == 1
ok_checks = all(all(c.get("passed", False) for c in r["out"].get("checks", [])) for r in cli)
for name, runs in (("eventloom-cli", cli), (simpy[0]["out"]["simpy"], simpy)):
    print(f"{name:>14}: {runs[0]['deliveries']:,} deliveries; "
          f"wall {text([r['deliveries'] / r['wall'] for r in runs])}, "
          f"CPU {text([r['deliveries'] / r['cpu'] for r in runs])}")
wall_ratio = [s["wall"] / c["wall"] for c, s in zip(cli, simpy)]
cpu_ratio = [s["cpu"] / c["cpu"] for c, s in zip(cli, simpy)]
print(f"         ratio: wall {text(wall_ratio, 1, '×')}, CPU {text(cpu_ratio, 1, '×')}  (budget: CLI ≥ 10× SimPy: "
      f"{'within budget' if statistics.median(wall_ratio) >= 10 else 'OVER BUDGET'})")
print(f"  same deliveries: {'yes' if same else 'NO'}; the CLI's checks passed: {'yes' if ok_checks else 'NO'}")
print(json.dumps({"benchmark": "vs-simpy", "orders": cli[0]["out"]["events"], "deliveries": cli[0]["deliveries"],
                  "simpy": simpy[0]["out"]["simpy"], "load": float(load),
                  "cliWallRate": stats([r["deliveries"] / r["wall"] for r in cli]),
                  "simpyWallRate": stats([r["deliveries"] / r["wall"] for r in simpy]),
                  "wallRatio": stats(wall_ratio), "cpuRatio": stats(cpu_ratio), "sameDeliveries": same}))
sys.exit(0 if same and ok_checks else 1)
EOF
