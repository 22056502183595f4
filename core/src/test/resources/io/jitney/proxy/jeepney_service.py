"""A D-Bus service written with jeepney, for Jitney's proxy tests.

Owns org.example.Jeepney and serves interface org.example.Jeepney at /org/example/Jeepney:
Echo(anything) returns its arguments with the same signature; Emit(s) emits the signal Said(s);
Fail() replies with the error org.example.Jeepney.Error.Oops; property Version is <u: 7>.
Usage: python3 jeepney_service.py ADDRESS   (prints "ready" once it owns its name)
"""
import sys

from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

NAME = 'org.example.Jeepney'
PATH = '/org/example/Jeepney'
INTERFACE = 'org.example.Jeepney'
PROPERTIES = {'Version': ('u', 7)}


def answer(conn, msg):
    fields = msg.header.fields
    member = fields.get(HeaderFields.member)
    interface = fields.get(HeaderFields.interface)
    signature = fields.get(HeaderFields.signature, '')
    if interface == 'org.freedesktop.DBus.Properties' and member == 'Get':
        name = msg.body[1]
        if name in PROPERTIES:
            return new_method_return(msg, 'v', (PROPERTIES[name],))
        return new_error(msg, 'org.freedesktop.DBus.Error.UnknownProperty', 's', ('no property ' + name,))
    if member == 'Echo':
        return new_method_return(msg, signature, msg.body)
    if member == 'Emit':
        conn.send(new_signal(DBusAddress(PATH, interface=INTERFACE), 'Said', 's', (msg.body[0],)))
        return new_method_return(msg)
    if member == 'Fail':
        return new_error(msg, 'org.example.Jeepney.Error.Oops', 's', ('oops',))
    return new_error(msg, 'org.freedesktop.DBus.Error.UnknownMethod', 's', ('no method ' + str(member),))


def main(address):
    conn = open_dbus_connection(address)
    conn.send_and_get_reply(message_bus.RequestName(NAME))
    print('ready', flush=True)
    while True:
        msg = conn.receive()
        if msg.header.message_type == MessageType.method_call:
            conn.send(answer(conn, msg))


if __name__ == '__main__':
    main(sys.argv[1])
