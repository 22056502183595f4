"""A Jeepney service for Jitney's bindgen compile-and-run tests (KitchenJeepneyRunTest).

  jeepney_kitchen.py ADDRESS NAME

Owns NAME on the bus at ADDRESS (Jeepney's blocking integration, enable_fds=True) and serves
org.jitney.test.Kitchen (bindgen/src/test/resources/fixtures/kitchen.xml) on /org/jitney/Kitchen
with the same answers as the Jitney service in KitchenRunTest, and its properties through
org.freedesktop.DBus.Properties: Level (u, read-write), Shelf ((su), read-only) and Note
(v, read-write; the variant of Get and Set holds a variant, and Set refuses anything else).
Prints READY once the name is owned; runs until killed.
"""
import os
import sys

from jeepney import (DBusAddress, HeaderFields, MessageFlag, MessageType, new_error, new_method_return,
                     new_signal)
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

PATH = '/org/jitney/Kitchen'
IFACE = 'org.jitney.test.Kitchen'
PROPERTIES = 'org.freedesktop.DBus.Properties'
KITCHEN = DBusAddress(PATH, interface=IFACE)

state = {'Level': 0, 'Note': ('s', '')}


def read_all(fd):
    with fd.to_file('rb', buffering=0) as f:
        return f.read().decode()


def pipe_with(text):
    r, w = os.pipe()
    os.write(w, text.encode())
    os.close(w)
    return r


def properties(msg, member, body):
    if body[0] != IFACE:
        return new_error(msg, 'org.freedesktop.DBus.Error.UnknownInterface', 's', (body[0],))
    values = {
        'Level': ('u', state['Level']),
        'Shelf': ('(su)', ('top', 4000000000)),
        'Note': ('v', state['Note']),
    }
    if member == 'Get':
        if body[1] not in values:
            return new_error(msg, 'org.freedesktop.DBus.Error.UnknownProperty', 's', (body[1],))
        return new_method_return(msg, 'v', (values[body[1]],))
    if member == 'GetAll':
        return new_method_return(msg, 'a{sv}', (values,))
    if member == 'Set':
        name, (signature, value) = body[1], body[2]
        if name == 'Level' and signature == 'u':
            state['Level'] = value
        elif name == 'Note' and signature == 'v':
            state['Note'] = value
        elif name == 'Shelf':
            return new_error(msg, 'org.freedesktop.DBus.Error.PropertyReadOnly', 's', (name,))
        else:
            return new_error(msg, 'org.freedesktop.DBus.Error.InvalidArgs', 's',
                             ('%s cannot take type %s' % (name, signature),))
        return new_method_return(msg)
    return new_error(msg, 'org.freedesktop.DBus.Error.UnknownMethod', 's', (member,))


def kitchen(conn, msg, member, body):
    """The reply to a call (None for none); signals are sent here."""
    if member == 'Add':
        return new_method_return(msg, 'i', (body[0] + body[1],))
    if member == 'Describe':
        name, count, props = body[0]
        text = ', '.join('%s=%s' % (k, props[k][1]) for k in sorted(props))
        return new_method_return(msg, 's', ('%s x%d {%s}' % (name, count, text),))
    if member == 'Swap':
        return new_method_return(msg, 'us', (body[1], body[0]))
    if member == 'Lookup':
        return new_method_return(msg, '(ii)', (body[0][body[1]],))
    if member == 'Wrap':
        return new_method_return(msg, 'v', (('v', body[0]),))
    if member == 'ReadFd':
        return new_method_return(msg, 's', (read_all(body[0]),))
    if member == 'Pipe':
        return new_method_return(msg, 'h', (pipe_with(body[0]),))
    if member == 'Sizes':
        return new_method_return(msg, 't', (sum(body[0]) % 2 ** 64,))
    if member == 'Stock':
        name, count = body
        conn.send(new_signal(KITCHEN, 'Stocked', '(su)u', ((name, count), count + 1)))
        return new_method_return(msg)
    if member == 'Fire':
        how = ' (no reply expected)' if msg.header.flags & MessageFlag.no_reply_expected else ' (a reply was expected)'
        conn.send(new_signal(KITCHEN, 'Fired', 's', (body[0] + how,)))
        return None
    return new_error(msg, 'org.freedesktop.DBus.Error.UnknownMethod', 's', (member,))


def main(address, name):
    with open_dbus_connection(bus=address, enable_fds=True) as conn:
        reply = conn.send_and_get_reply(message_bus.RequestName(name))
        if reply.body[0] != 1:
            sys.exit('could not own %s: %s' % (name, reply.body))
        print('READY', flush=True)
        while True:
            msg = conn.receive()
            if msg.header.message_type != MessageType.method_call:
                continue
            member = msg.header.fields.get(HeaderFields.member)
            if msg.header.fields.get(HeaderFields.interface) == PROPERTIES:
                reply = properties(msg, member, msg.body)
            else:
                reply = kitchen(conn, msg, member, msg.body)
            if reply is not None and not msg.header.flags & MessageFlag.no_reply_expected:
                conn.send(reply)
            if member == 'Pipe':
                os.close(reply.body[0])  # written: the caller has its own copy


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
