#!/usr/bin/env python3
"""Jeepney's in-process serialise + parse rate on the foundation issue's payloads.

Builds the same messages as io.jitney.benchmarks.Payloads, then times serialise, parse and
serialise+parse, printing one line per payload:  name  serialize/s  parse/s  roundtrip/s
Run:  python3 benchmarks/jeepney_marshal.py [seconds-per-measurement]
"""
import sys
import time

from jeepney import DBusAddress, new_method_call, new_method_return
from jeepney.low_level import HeaderFields, Parser

ECHO = DBusAddress('/org/example/Echo', bus_name='org.example.Echo', interface='org.example.Echo')


def echo_dict():
    d = {}
    for i in range(10):
        d['key%d' % i] = ('s', 'value%d' % i) if i % 2 == 0 else ('u', i)
    return new_method_call(ECHO, 'EchoDict', 'a{sv}', (d,))


def notify():
    addr = DBusAddress('/org/freedesktop/Notifications', bus_name='org.freedesktop.Notifications',
                       interface='org.freedesktop.Notifications')
    hints = {'urgency': ('y', 1), 'category': ('s', 'email.arrived'),
             'desktop-entry': ('s', 'org.example.Mail')}
    return new_method_call(addr, 'Notify', 'susssasa{sv}i',
                           ('jitney', 0, 'mail-unread', 'New mail',
                            'You have 3 new messages from the mailing list',
                            ['default', 'Open', 'dismiss', 'Dismiss'], hints, -1))


def managed_objects():
    objects = {}
    for o in range(20):
        ifaces = {}
        for i in range(3):
            ifaces['org.bluez.Iface%d' % i] = {
                'Address': ('s', '00:11:22:33:44:%02X' % o),
                'Name': ('s', 'Device %d' % o),
                'Paired': ('b', o % 2 == 0),
                'Connected': ('b', False),
                'RSSI': ('n', -40 - o),
                'Class': ('u', 0x240404),
                'UUIDs': ('as', ['0000110b-0000-1000-8000-00805f9b34fb',
                                 '0000110e-0000-1000-8000-00805f9b34fb']),
                'Adapter': ('o', '/org/bluez/hci0'),
            }
        objects['/org/bluez/hci0/dev_%d' % o] = ifaces
    call = new_method_call(DBusAddress('/', bus_name='org.bluez'), 'GetManagedObjects')
    call.header.serial = 7
    reply = new_method_return(call, 'a{oa{sa{sv}}}', (objects,))
    reply.header.fields[HeaderFields.destination] = ':1.42'
    return reply


def bytes_1mib():
    data = bytes((i * 31) & 0xff for i in range(1 << 20))
    return new_method_call(ECHO, 'EchoBytes', 'ay', (data,))


def structs():
    rows = []
    for i in range(50):
        rows.append((i, 'row%d' % i, i * 0.5, i % 3 == 0, (i << 33, '/org/example/row%d' % i),
                     [(i & 0xff, 'a'), ((i + 1) & 0xff, 'b')]))
    return new_method_call(ECHO, 'EchoStructs', 'a(isdb(xo)a(ys))', (rows,))


def rate(fn, seconds):
    n = 0
    batch = 1
    start = time.perf_counter()
    while True:
        for _ in range(batch):
            fn()
        n += batch
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed
        batch = min(batch * 2, 1024)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    payloads = [('echoDict', echo_dict()), ('notify', notify()), ('managedObjects', managed_objects()),
                ('bytes1MiB', bytes_1mib()), ('structs', structs())]
    for name, msg in payloads:
        data = msg.serialise(serial=1)

        def parse():
            p = Parser()
            p.add_data(data)
            return p.get_next_message()

        def roundtrip():
            p = Parser()
            p.add_data(msg.serialise(serial=1))
            return p.get_next_message()

        assert parse().body is not None
        print('%s %.1f %.1f %.1f' % (name, rate(lambda: msg.serialise(serial=1), seconds), rate(parse, seconds),
                                     rate(roundtrip, seconds)), flush=True)


if __name__ == '__main__':
    main()
