"""A small jeepney service for Jitney's interoperability tests (JeepneyInteropTest runs it).

Usage: python3 jeepney_service.py ADDRESS NAME

Connects to the bus at ADDRESS, takes the well-known NAME, prints "READY <unique name>" and
answers calls to /org/jitney/Interop, interface org.jitney.Interop:

  Cases() -> a{ss}               each case's name and signature, so the test can see that this
                                 table and its own agree
  Echo(anything) -> the same     the body as received, with its signature
  Get(s case) -> values          this script's own values for the case
  Check(s case, values...) -> s  "" if the values are exactly this script's, else what differs
  Emit(s case) -> ()             first emits the signal org.jitney.Interop.Values(s case, values...)
  Listen(s sender) -> ()         subscribes (AddMatch) to Values signals from sender; checks each
                                 one and reports on it by calling Report(s case, s problem) on
                                 the sender, waiting for the reply
  CallEcho(s dest, s case) -> s  calls Echo on dest (/org/jitney/Echo, org.jitney.Echo) with the
                                 case's values; "" if the reply is exactly them, else what differs
  Quit() -> ()                   replies, then exits

It exits on its own after 60 s, so it never outlives a test run.
"""
import signal
import struct
import sys

from jeepney import (DBusAddress, HeaderFields, MatchRule, MessageType, message_bus, new_error,
                     new_method_call, new_method_return, new_signal)
from jeepney.io.blocking import open_dbus_connection

PATH = '/org/jitney/Interop'
INTERFACE = 'org.jitney.Interop'
ECHO_PATH = '/org/jitney/Echo'
ECHO_INTERFACE = 'org.jitney.Echo'
TIMEOUT = 10

U64_MAX = 2**64 - 1
MANAGED = {
    '/org/example/A': {
        'org.example.Thing': {'Name': ('s', 'A'), 'Size': ('t', U64_MAX), 'Tags': ('as', ['x', 'y'])},
        'org.example.Empty': {},
    },
    '/org/example/B': {},
}

# name -> (signature, values). JeepneyInteropTest has the same table, written in Java.
CASES = {
    'nothing': ('', ()),
    'bytes': ('yy', (0, 255)),
    'booleans': ('bb', (True, False)),
    'int16': ('nn', (-2**15, 2**15 - 1)),
    'uint16': ('qq', (0, 2**16 - 1)),
    'int32': ('ii', (-2**31, 2**31 - 1)),
    'uint32': ('uu', (0, 2**32 - 1)),
    'int64': ('xx', (-2**63, 2**63 - 1)),
    'uint64': ('tt', (0, U64_MAX)),
    'doubles': ('ddddd', (1.5, -0.0, 1.7976931348623157e308, 5e-324, float('-inf'))),
    'strings': ('sss', ('', 'hello', 'Gr\u00fc\u00dfe, \u4e16\u754c \U0001F68C')),
    'object_paths': ('oo', ('/', '/org/example/Obj_1')),
    'signatures': ('gg', ('', 'a{oa{sa{sv}}}(i(sd))av')),
    'all_basic': ('ybnqiuxtdsog', (7, True, -2, 3, -4, 5, -6, 7, 0.125, '\u00e9', '/a', 'a{sv}')),
    'byte_arrays': ('ayay', (b'', bytes(range(256)))),
    'string_arrays': ('asas', ([], ['a', '\u00fc', ''])),
    'fixed_arrays': ('anaqaiauaxatadab', ([-2**15, 1], [2**16 - 1], [-1, 0, 2**31 - 1], [2**32 - 1],
                                          [-2**63], [0, U64_MAX], [0.5, -2.0], [True, False])),
    'nested_arrays': ('aasaay', ([[], ['a'], ['b', 'c']], [b'', b'\x01'])),
    'vardict': ('a{sv}a{sv}', ({}, {'int': ('i', 1), 'str': ('s', 'x'), 'list': ('as', ['p', 'q'])})),
    'managed_objects': ('a{oa{sa{sv}}}', (MANAGED,)),
    'dict_keys': ('a{ys}a{xd}a{bs}a{os}', ({1: 'one', 255: 'max'}, {-2**63: 0.25}, {True: 'yes', False: 'no'},
                                          {'/p': 'path key'})),
    'struct': ('(i(sd))', ((42, ('x', 0.5)),)),
    'struct_array': ('a(i(sd))a(i(sd))', ([], [(1, ('a', 1.0)), (2, ('b', 2.0))])),
    'empty_aligned': ('ya(xt)yaxy', (1, [], 2, [], 3)),
    'variants': ('vav', (('s', 'top'), [
        ('i', 1),
        ('v', ('s', 'deep')),
        ('v', ('v', ('t', U64_MAX))),
        ('a{sv}', {'k': ('b', True)}),
        ('(i(sd))', (7, ('y', 2.5))),
        ('ay', b'\x00\xff'),
        ('as', []),
        ('x', -2**63),
    ])),
    'large': ('ayas', (bytes(i % 251 for i in range(300_000)), ['x' * 1000] * 100)),
}


def describe(a):
    return f'{a!r} ({type(a).__name__})'


def difference(got, want, where='body'):
    """None if got is exactly want (types, float bits, dict order), else where and how they differ."""
    if type(got) is not type(want):
        return f'{where}: got {describe(got)}, expected {describe(want)}'
    if isinstance(want, float):
        if struct.pack('<d', got) != struct.pack('<d', want):
            return f'{where}: got {got!r}, expected {want!r}'
        return None
    if isinstance(want, (list, tuple)):
        if len(got) != len(want):
            return f'{where}: got {len(got)} items {got!r}, expected {len(want)} {want!r}'
        for i, (g, w) in enumerate(zip(got, want)):
            d = difference(g, w, f'{where}[{i}]')
            if d:
                return d
        return None
    if isinstance(want, dict):
        if list(got) != list(want):
            return f'{where}: keys {list(got)!r}, expected {list(want)!r}'
        for k in want:
            d = difference(got[k], want[k], f'{where}[{k!r}]')
            if d:
                return d
        return None
    if got != want:
        return f'{where}: got {describe(got)}, expected {describe(want)}'
    return None


def signature_of(msg):
    return msg.header.fields.get(HeaderFields.signature, '')


class Service:
    def __init__(self, conn):
        self.conn = conn
        self.listening_to = None

    def call(self, msg):
        member = msg.header.fields.get(HeaderFields.member)
        body = msg.body
        if member == 'Cases':
            return new_method_return(msg, 'a{ss}', ({k: v[0] for k, v in CASES.items()},))
        if member == 'Echo':
            return new_method_return(msg, signature_of(msg), body)
        if member in ('Get', 'Check', 'Emit', 'CallEcho'):
            case = body[-1] if member == 'CallEcho' else body[0]
            if case not in CASES:
                return new_error(msg, 'org.jitney.Interop.Error.NoSuchCase', 's', (f'no case {case!r}',))
            sig, values = CASES[case]
            if member == 'Get':
                return new_method_return(msg, sig, values)
            if member == 'Check':
                if signature_of(msg) != 's' + sig:
                    return new_method_return(msg, 's', (f'signature {signature_of(msg)!r}, expected {"s" + sig!r}',))
                return new_method_return(msg, 's', (difference(tuple(body[1:]), values) or '',))
            if member == 'Emit':
                self.conn.send(new_signal(DBusAddress(PATH, interface=INTERFACE), 'Values', 's' + sig,
                                          (case,) + values))
                return new_method_return(msg)
            echo = DBusAddress(ECHO_PATH, bus_name=body[0], interface=ECHO_INTERFACE)
            reply = self.conn.send_and_get_reply(new_method_call(echo, 'Echo', sig, values), timeout=TIMEOUT)
            if reply.header.message_type != MessageType.method_return:
                return new_method_return(msg, 's', (f'Echo failed: {reply.body!r}',))
            if signature_of(reply) != sig:
                return new_method_return(msg, 's', (f'reply signature {signature_of(reply)!r}, expected {sig!r}',))
            return new_method_return(msg, 's', (difference(tuple(reply.body), values) or '',))
        if member == 'Listen':
            rule = MatchRule(type='signal', sender=body[0], interface=INTERFACE, member='Values')
            reply = self.conn.send_and_get_reply(message_bus.AddMatch(rule), timeout=TIMEOUT)
            if reply.header.message_type != MessageType.method_return:
                return new_method_return(msg, 's', (f'AddMatch failed: {reply.body!r}',))
            self.listening_to = body[0]
            return new_method_return(msg, 's', ('',))
        if member == 'Quit':
            return new_method_return(msg)
        return new_error(msg, 'org.freedesktop.DBus.Error.UnknownMethod', 's', (f'no method {member!r}',))

    def signal(self, msg):
        fields = msg.header.fields
        if (fields.get(HeaderFields.interface) != INTERFACE or fields.get(HeaderFields.member) != 'Values'
                or self.listening_to is None):
            return
        sender = fields.get(HeaderFields.sender)
        body = msg.body
        case = body[0] if body and isinstance(body[0], str) else None
        if case not in CASES:
            problem = f'signal with unknown case, body {body!r}'
        else:
            sig, values = CASES[case]
            if signature_of(msg) != 's' + sig:
                problem = f'signal signature {signature_of(msg)!r}, expected {"s" + sig!r}'
            else:
                problem = difference(tuple(body[1:]), values) or ''
        report = new_method_call(DBusAddress(fields.get(HeaderFields.path), bus_name=sender, interface=INTERFACE),
                                 'Report', 'ss', (case or '', problem))
        self.conn.send_and_get_reply(report, timeout=TIMEOUT)


def main():
    address, name = sys.argv[1], sys.argv[2]
    signal.alarm(60)
    with open_dbus_connection(address, auth_timeout=TIMEOUT) as conn:
        reply = conn.send_and_get_reply(message_bus.RequestName(name, 4), timeout=TIMEOUT)  # 4: DO_NOT_QUEUE
        if reply.body != (1,):
            sys.exit(f'RequestName({name}) answered {reply.body!r}')
        print('READY', conn.unique_name, flush=True)
        service = Service(conn)
        while True:
            msg = conn.receive()
            kind = msg.header.message_type
            if kind == MessageType.signal:
                service.signal(msg)
            elif kind == MessageType.method_call:
                conn.send(service.call(msg))
                if msg.header.fields.get(HeaderFields.member) == 'Quit':
                    return


if __name__ == '__main__':
    main()
