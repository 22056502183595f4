"""The Jeepney side of Jitney's file-descriptor interoperability tests.

Runs against a private dbus-daemon, with Jeepney's blocking integration and enable_fds=True.

  service ADDRESS NAME
      Owns NAME and serves io.jitney.FdTest on /io/jitney/FdTest:
        ReadFile(h) -> s        the text of the file behind the descriptor, read from offset 0
        ReadAll(ah) -> as       the same for each descriptor
        ReadVariants(a{sv}) -> a{ss}  for each entry whose variant holds an 'h', key -> text
        Pipes(u) -> ah          that many pipe read ends, pipe i holding "pipe <i>"
        Quit() -> ()            replies, then exits
      Prints READY once the name is owned, and CLOSED_ALL when it has closed every descriptor
      it received (each is closed right after use).

  client ADDRESS DEST TEXT
      Makes a pipe, calls io.jitney.FdTest.WriteInto(h write_end, s TEXT) on DEST, closes its
      own write end once the reply is in, reads the pipe to its end (which comes only when the
      service has closed its copy too) and prints READ:<what it read>.
"""
import os
import sys

from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_call, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

PATH = '/io/jitney/FdTest'
IFACE = 'io.jitney.FdTest'


def read_text(fd):
    # The received descriptor is a jeepney FileDescriptor; it is closed when the file is.
    with fd.to_file('rb', buffering=0) as f:
        os.lseek(f.fileno(), 0, os.SEEK_SET)
        return f.read().decode()


def service(address, name):
    with open_dbus_connection(bus=address, enable_fds=True) as conn:
        reply = conn.send_and_get_reply(message_bus.RequestName(name))
        if reply.body[0] != 1:
            print('could not own', name, reply.body, flush=True)
            sys.exit(3)
        print('READY', flush=True)
        while True:
            msg = conn.receive()
            if msg.header.message_type != MessageType.method_call:
                continue
            member = msg.header.fields.get(HeaderFields.member)
            if member == 'ReadFile':
                conn.send(new_method_return(msg, 's', (read_text(msg.body[0]),)))
            elif member == 'ReadAll':
                conn.send(new_method_return(msg, 'as', ([read_text(fd) for fd in msg.body[0]],)))
            elif member == 'ReadVariants':
                out = {}
                for key, (sig, value) in msg.body[0].items():
                    if sig == 'h':
                        out[key] = read_text(value)
                conn.send(new_method_return(msg, 'a{ss}', (out,)))
            elif member == 'Pipes':
                ends = []
                for i in range(msg.body[0]):
                    r, w = os.pipe()
                    os.write(w, ('pipe %d' % i).encode())
                    os.close(w)
                    ends.append(r)
                conn.send(new_method_return(msg, 'ah', (ends,)))
                for r in ends:
                    os.close(r)  # the message is written: the receiver has its own copies
            elif member == 'Quit':
                conn.send(new_method_return(msg))
                print('CLOSED_ALL', flush=True)
                return
            else:
                conn.send(new_error(msg, 'org.freedesktop.DBus.Error.UnknownMethod', 's', (member,)))


def client(address, dest, text):
    r, w = os.pipe()
    with open_dbus_connection(bus=address, enable_fds=True) as conn:
        target = DBusAddress(PATH, bus_name=dest, interface=IFACE)
        reply = conn.send_and_get_reply(new_method_call(target, 'WriteInto', 'hs', (w, text)), timeout=20)
        os.close(w)
        if reply.header.message_type == MessageType.error:
            print('ERROR:', reply.header.fields.get(HeaderFields.error_name), reply.body, flush=True)
            sys.exit(2)
    data = b''
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        data += chunk
    os.close(r)
    print('READ:' + data.decode(), flush=True)


if __name__ == '__main__':
    if sys.argv[1] == 'service':
        service(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == 'client':
        client(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit('unknown mode ' + sys.argv[1])
