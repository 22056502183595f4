#!/usr/bin/env python3
"""The benchmark client on Jeepney: blocking I/O for E1-E3, the asyncio router for E4 (64 tasks).

Usage: python3 jeepney_client.py ADDRESS   (then the line protocol of driver_protocol.py)
"""
import asyncio
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))

from jeepney import DBusAddress, MatchRule, message_bus, new_method_call  # noqa: E402
from jeepney.low_level import Parser  # noqa: E402
from jeepney.io.blocking import open_dbus_connection  # noqa: E402
from jeepney.io.asyncio import open_dbus_router  # noqa: E402

import driver_protocol as proto  # noqa: E402
import jeepney_marshal  # noqa: E402

ECHO = DBusAddress('/org/example/Echo', bus_name='org.example.Echo', interface='org.example.Echo')
TIMEOUT = 60


def main():
    address = sys.argv[1]
    conn = open_dbus_connection(bus=address)

    def echo(text):
        reply = conn.send_and_get_reply(new_method_call(ECHO, 'Echo', 's', (text,)), timeout=TIMEOUT)
        return reply.body[0]

    def e1(seconds):
        end = time.perf_counter() + float(seconds)
        lat = []
        start = now = time.perf_counter()
        while True:
            t0 = now
            if echo('hello') != 'hello':
                raise AssertionError('wrong echo')
            now = time.perf_counter()
            lat.append(now - t0)
            if now >= end:
                break
        return proto.e1_result(lat, now - start)

    def e2(seconds):
        def op():
            reply = conn.send_and_get_reply(new_method_call(ECHO, 'EchoBytes', 'ay', (proto.MIB,)), timeout=TIMEOUT)
            if reply.body[0] != proto.MIB:
                raise AssertionError('wrong bytes echoed')
        n, elapsed = proto.timed_loop(op, float(seconds))
        return 'OK calls=%d secs=%.6f' % (n, elapsed)

    def e3(count):
        n = int(count)
        rule = MatchRule(type='signal', interface='org.example.Echo', member='Tick', path='/org/example/Echo')
        conn.send_and_get_reply(message_bus.AddMatch(rule), timeout=TIMEOUT)
        try:
            with conn.filter(rule, bufsize=n + 16) as queue:
                start = time.perf_counter()
                conn.send_and_get_reply(new_method_call(ECHO, 'Emit', 'u', (n,)), timeout=TIMEOUT)
                for i in range(n):
                    tick = conn.recv_until_filtered(queue, timeout=TIMEOUT)
                    if tick.body != (i, 'tick'):
                        raise AssertionError('tick %d expected, got %r' % (i, tick.body))
                elapsed = time.perf_counter() - start
        finally:
            conn.send_and_get_reply(message_bus.RemoveMatch(rule), timeout=TIMEOUT)
        return 'OK signals=%d secs=%.6f' % (n, elapsed)

    def e4(seconds, callers):
        async def run():
            async with open_dbus_router(bus=address) as router:
                end = time.perf_counter() + float(seconds)

                async def caller():
                    done = 0
                    while True:
                        reply = await router.send_and_get_reply(new_method_call(ECHO, 'Echo', 's', ('hello',)))
                        if reply.body[0] != 'hello':
                            raise AssertionError('wrong echo')
                        done += 1
                        if time.perf_counter() >= end:
                            return done
                start = time.perf_counter()
                counts = await asyncio.gather(*(caller() for _ in range(int(callers))))
                return sum(counts), time.perf_counter() - start
        n, elapsed = asyncio.run(run())
        return 'OK calls=%d secs=%.6f' % (n, elapsed)

    payloads = {'M1': jeepney_marshal.echo_dict, 'M2': jeepney_marshal.notify, 'M3': jeepney_marshal.managed_objects}

    def marshal(payload, seconds):
        msg = payloads[payload]()

        def op():
            p = Parser()
            p.add_data(msg.serialise(serial=1))
            if p.get_next_message() is None:
                raise AssertionError('no message parsed')
        n, elapsed = proto.timed_loop(op, float(seconds), batch=4)
        return 'OK ops=%d secs=%.6f' % (n, elapsed)

    proto.serve('jeepney', {'E1': e1, 'E2': e2, 'E3': e3, 'E4': e4, 'M': marshal,
                            'ALLOC': lambda n: 'NA no per-call allocation counter in CPython'})


if __name__ == '__main__':
    main()
