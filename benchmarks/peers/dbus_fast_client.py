#!/usr/bin/python3
"""The benchmark client on dbus-fast (Debian's python3-dbus-fast; run with /usr/bin/python3): its
asyncio MessageBus for everything, 64 tasks for E4.

Usage: /usr/bin/python3 dbus_fast_client.py ADDRESS   (then the line protocol of driver_protocol.py)
"""
import asyncio
import io
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from dbus_fast import Message, MessageType, Variant  # noqa: E402
from dbus_fast._private.unmarshaller import Unmarshaller  # noqa: E402
from dbus_fast.aio import MessageBus  # noqa: E402

import driver_protocol as proto  # noqa: E402

NAME = 'org.example.Echo'
PATH = '/org/example/Echo'
TIMEOUT = 60


def call(member, signature, body):
    return Message(destination=NAME, path=PATH, interface=NAME, member=member, signature=signature, body=body)


def bus_call(member, rule):
    return Message(destination='org.freedesktop.DBus', path='/org/freedesktop/DBus', interface='org.freedesktop.DBus',
                   member=member, signature='s', body=[rule])


def checked(reply):
    if reply.message_type == MessageType.ERROR:
        raise RuntimeError('%s: %s' % (reply.error_name, reply.body))
    return reply


# The foundation's payloads (a), (b), (c), as benchmarks/jeepney_marshal.py builds them for Jeepney.
def echo_dict():
    d = {'key%d' % i: (Variant('s', 'value%d' % i) if i % 2 == 0 else Variant('u', i)) for i in range(10)}
    return Message(destination=NAME, path=PATH, interface=NAME, member='EchoDict', signature='a{sv}', body=[d], serial=1)


def notify():
    hints = {'urgency': Variant('y', 1), 'category': Variant('s', 'email.arrived'),
             'desktop-entry': Variant('s', 'org.example.Mail')}
    return Message(destination='org.freedesktop.Notifications', path='/org/freedesktop/Notifications',
                   interface='org.freedesktop.Notifications', member='Notify', signature='susssasa{sv}i',
                   body=['jitney', 0, 'mail-unread', 'New mail', 'You have 3 new messages from the mailing list',
                         ['default', 'Open', 'dismiss', 'Dismiss'], hints, -1], serial=1)


def managed_objects():
    objects = {}
    for o in range(20):
        ifaces = {}
        for i in range(3):
            ifaces['org.bluez.Iface%d' % i] = {
                'Address': Variant('s', '00:11:22:33:44:%02X' % o),
                'Name': Variant('s', 'Device %d' % o),
                'Paired': Variant('b', o % 2 == 0),
                'Connected': Variant('b', False),
                'RSSI': Variant('n', -40 - o),
                'Class': Variant('u', 0x240404),
                'UUIDs': Variant('as', ['0000110b-0000-1000-8000-00805f9b34fb',
                                        '0000110e-0000-1000-8000-00805f9b34fb']),
                'Adapter': Variant('o', '/org/bluez/hci0'),
            }
        objects['/org/bluez/hci0/dev_%d' % o] = ifaces
    return Message(message_type=MessageType.METHOD_RETURN, reply_serial=7, destination=':1.42',
                   signature='a{oa{sa{sv}}}', body=[objects], serial=1)


def main():
    address = sys.argv[1]
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    async def connect():
        return await MessageBus(bus_address=address).connect()  # must be made inside a running loop

    bus = loop.run_until_complete(connect())

    async def echo(text):
        return checked(await bus.call(call('Echo', 's', [text]))).body[0]

    async def e1_async(seconds):
        end = time.perf_counter() + seconds
        lat = []
        start = now = time.perf_counter()
        while True:
            t0 = now
            if await echo('hello') != 'hello':
                raise AssertionError('wrong echo')
            now = time.perf_counter()
            lat.append(now - t0)
            if now >= end:
                break
        return proto.e1_result(lat, now - start)

    async def e2_async(seconds):
        end = time.perf_counter() + seconds
        start = time.perf_counter()
        n = 0
        while True:
            reply = checked(await bus.call(call('EchoBytes', 'ay', [proto.MIB])))
            if reply.body[0] != proto.MIB:
                raise AssertionError('wrong bytes echoed')
            n += 1
            now = time.perf_counter()
            if now >= end:
                return 'OK calls=%d secs=%.6f' % (n, now - start)

    async def e3_async(n):
        rule = "type='signal',interface='org.example.Echo',member='Tick',path='/org/example/Echo'"
        checked(await bus.call(bus_call('AddMatch', rule)))
        done = loop.create_future()
        state = {'next': 0}

        def handler(msg):
            if msg.message_type != MessageType.SIGNAL or msg.member != 'Tick' or msg.interface != NAME:
                return None
            i = state['next']
            if msg.body != [i, 'tick'] and not done.done():
                done.set_exception(AssertionError('tick %d expected, got %r' % (i, msg.body)))
            state['next'] = i + 1
            if i + 1 == n and not done.done():
                done.set_result(None)
            return None

        bus.add_message_handler(handler)
        try:
            start = time.perf_counter()
            checked(await bus.call(call('Emit', 'u', [n])))
            await asyncio.wait_for(done, TIMEOUT)
            elapsed = time.perf_counter() - start
        finally:
            bus.remove_message_handler(handler)
            checked(await bus.call(bus_call('RemoveMatch', rule)))
        return 'OK signals=%d secs=%.6f' % (n, elapsed)

    async def e4_async(seconds, callers):
        end = time.perf_counter() + seconds

        async def caller():
            done = 0
            while True:
                if await echo('hello') != 'hello':
                    raise AssertionError('wrong echo')
                done += 1
                if time.perf_counter() >= end:
                    return done
        start = time.perf_counter()
        counts = await asyncio.gather(*(caller() for _ in range(callers)))
        return 'OK calls=%d secs=%.6f' % (sum(counts), time.perf_counter() - start)

    payloads = {'M1': echo_dict, 'M2': notify, 'M3': managed_objects}

    def marshal(payload, seconds):
        msg = payloads[payload]()

        def op():
            # dbus-fast's own serialiser, and the unmarshaller its bus reads with
            if Unmarshaller(io.BytesIO(msg._marshall(False))).unmarshall() is None:
                raise AssertionError('no message parsed')
        n, elapsed = proto.timed_loop(op, float(seconds), batch=4)
        return 'OK ops=%d secs=%.6f' % (n, elapsed)

    run = loop.run_until_complete
    proto.serve('dbus-fast', {
        'E1': lambda s: run(e1_async(float(s))),
        'E2': lambda s: run(e2_async(float(s))),
        'E3': lambda n: run(e3_async(int(n))),
        'E4': lambda s, c: run(e4_async(float(s), int(c))),
        'M': marshal,
        'ALLOC': lambda n: 'NA no per-call allocation counter in CPython',
    })
    bus.disconnect()


if __name__ == '__main__':
    main()
