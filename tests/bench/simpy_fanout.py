#!/usr/bin/python3
"""Scenario 01-pubsub-fanout written for SimPy, the peer simulator of issue 22's item 7 (vs-simpy.sh).

The same model as scenarios/01-pubsub-fanout.json: ORDERS orders arrive as a Poisson stream at 20 a
second; each PlaceOrder reaches the order service 1 ms later (commandLatency), which takes 1-3 ms
(uniform) and publishes one OrderCreated to orders.events (3 partitions, keyed by the order id, 2 ms
topic latency). Three consumer groups read every record: inventory (2 instances; #0 owns partitions
0 and 1, #1 owns partition 2, as in the EventLoom run) at 2-6 ms uniform, notification at an
exponential 8 ms mean with a 1 ms floor, analytics at a fixed 1 ms. Each instance handles its
records one at a time in the order they reach it. A delivery is one record handled by one group.

Prints one JSON line: {"orders", "deliveries", "simTimeUs", "wallMs", "simpy"}. Written for Debian
bookworm's python3-simpy (SimPy 2.3); runs on SimPy 3 or 4 (`import simpy`) too.
"""

import json
import random
import sys
import time
import zlib

RATE_PER_S = 20.0
COMMAND_LATENCY = 0.001
TOPIC_LATENCY = 0.002
PARTITIONS = 3


def order_service_time(rng):
    return rng.uniform(0.001, 0.003)


# (group, instance) -> the partitions it owns and its processing time.
CONSUMERS = [
    ("inventory", (0, 1), lambda rng: rng.uniform(0.002, 0.006)),
    ("inventory", (2,), lambda rng: rng.uniform(0.002, 0.006)),
    ("notification", (0, 1, 2), lambda rng: max(0.001, rng.expovariate(1 / 0.008))),
    ("analytics", (0, 1, 2), lambda rng: 0.001),
]


def partition_of(order):
    # A stable spread of keys over the partitions (EventLoom uses Kafka's murmur2; any even spread will do).
    return zlib.crc32(b"order-%06d" % order) % PARTITIONS


class Counts:
    def __init__(self):
        self.deliveries = 0
        self.last = 0.0


def run_simpy2(orders, seed):
    from SimPy import Simulation as S

    rng = random.Random(seed)
    sim = S.Simulation()
    sim.initialize()
    counts = Counts()
    inboxes = [S.Store(capacity="unbounded", sim=sim) for _ in CONSUMERS]
    commands = S.Store(capacity="unbounded", sim=sim)

    class Workload(S.Process):
        def run(self):
            for order in range(1, orders + 1):
                yield S.hold, self, rng.expovariate(RATE_PER_S)
                yield S.put, self, commands, [(order, self.sim.now() + COMMAND_LATENCY)]

    class OrderService(S.Process):
        def run(self):
            while True:
                yield S.get, self, commands, 1
                order, ready = self.got[0]
                if ready > self.sim.now():
                    yield S.hold, self, ready - self.sim.now()
                yield S.hold, self, order_service_time(rng)
                partition = partition_of(order)
                record = (order, self.sim.now() + TOPIC_LATENCY)
                for inbox, (_, owned, _) in zip(inboxes, CONSUMERS):
                    if partition in owned:
                        yield S.put, self, inbox, [record]

    class Consumer(S.Process):
        def run(self, inbox, service):
            while True:
                yield S.get, self, inbox, 1
                _, ready = self.got[0]
                if ready > self.sim.now():
                    yield S.hold, self, ready - self.sim.now()
                yield S.hold, self, service(rng)
                counts.deliveries += 1
                counts.last = self.sim.now()

    workload = Workload(sim=sim)
    sim.activate(workload, workload.run())
    service = OrderService(sim=sim)
    sim.activate(service, service.run())
    for inbox, (_, _, time_of) in zip(inboxes, CONSUMERS):
        consumer = Consumer(sim=sim)
        sim.activate(consumer, consumer.run(inbox, time_of))
    sim.simulate(until=orders * 10.0)
    return counts


def run_simpy3(orders, seed):
    import simpy

    rng = random.Random(seed)
    env = simpy.Environment()
    counts = Counts()
    inboxes = [simpy.Store(env) for _ in CONSUMERS]
    commands = simpy.Store(env)

    def workload():
        for order in range(1, orders + 1):
            yield env.timeout(rng.expovariate(RATE_PER_S))
            commands.put((order, env.now + COMMAND_LATENCY))

    def order_service():
        while True:
            order, ready = yield commands.get()
            if ready > env.now:
                yield env.timeout(ready - env.now)
            yield env.timeout(order_service_time(rng))
            partition = partition_of(order)
            for inbox, (_, owned, _) in zip(inboxes, CONSUMERS):
                if partition in owned:
                    inbox.put((order, env.now + TOPIC_LATENCY))

    def consumer(inbox, service):
        while True:
            _, ready = yield inbox.get()
            if ready > env.now:
                yield env.timeout(ready - env.now)
            yield env.timeout(service(rng))
            counts.deliveries += 1
            counts.last = env.now

    env.process(workload())
    env.process(order_service())
    for inbox, (_, _, time_of) in zip(inboxes, CONSUMERS):
        env.process(consumer(inbox, time_of))
    env.run(until=orders * 10.0)
    return counts


def main():
    orders = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    try:
        import SimPy

        version, runner = "SimPy " + SimPy.__version__, run_simpy2
    except ImportError:
        import simpy

        version, runner = "simpy " + simpy.__version__, run_simpy3
    start = time.perf_counter()
    counts = runner(orders, seed)
    wall_ms = (time.perf_counter() - start) * 1000
    print(json.dumps({"orders": orders, "deliveries": counts.deliveries, "simTimeUs": round(counts.last * 1e6),
                      "wallMs": round(wall_ms, 1), "simpy": version}))


if __name__ == "__main__":
    main()
