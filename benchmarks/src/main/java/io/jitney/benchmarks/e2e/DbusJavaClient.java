package io.jitney.benchmarks.e2e;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.MessageTypeException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.messages.MessageFactory;
import org.freedesktop.dbus.messages.MethodCall;
import org.freedesktop.dbus.messages.constants.Endian;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * The same client on dbus-java 5.2.2 (with its native unix-socket transport): a proxy of the
 * {@link Echo} interface, a signal handler for {@code Tick}, 64 platform threads on one
 * connection for E4. Only a {@code unix:path=} address works (the transport has no abstract
 * sockets).
 */
public final class DbusJavaClient implements BenchClient {

    /** The service's interface as dbus-java wants it: a Java interface named by annotation. */
    @DBusInterfaceName("org.example.Echo")
    public interface Echo extends DBusInterface {
        String Echo(String text);

        byte[] EchoBytes(byte[] data);

        void Emit(UInt32 n);

        /** {@code Tick(u i, s text)}. dbus-java finds the interface from the enclosing class. */
        final class Tick extends DBusSignal {
            private final UInt32 i;
            private final String text;

            public Tick(String path, UInt32 i, String text) throws DBusException {
                super(path, i, text);
                this.i = i;
                this.text = text;
            }

            public UInt32 i() {
                return i;
            }

            public String text() {
                return text;
            }
        }
    }

    private final DBusConnection conn;
    private final Echo echo;

    public DbusJavaClient(String address) throws DBusException {
        this.conn = DBusConnectionBuilder.forAddress(address).withShared(false).build();
        this.echo = conn.getRemoteObject(EchoService.NAME, EchoService.PATH, Echo.class, true);
    }

    @Override
    public String echo(String text) {
        return echo.Echo(text);
    }

    @Override
    public byte[] echoBytes(byte[] data) {
        return echo.EchoBytes(data);
    }

    @Override
    public long ticks(int n) throws Exception {
        var seen = new BitSet(n);
        var count = new AtomicLong();
        var all = new CountDownLatch(1);
        var failure = new AtomicReference<Throwable>();
        AutoCloseable handler = conn.addSigHandler(Echo.Tick.class, tick -> {
            // dbus-java may run handlers on a pool: check that every i arrived once, not the order.
            int i = (int) tick.i().longValue();
            boolean dup;
            synchronized (seen) {
                dup = i < 0 || i >= n || seen.get(i);
                if (!dup) {
                    seen.set(i);
                }
            }
            if (dup || !EchoService.TICK_TEXT.equals(tick.text())) {
                failure.compareAndSet(null, new IllegalStateException("bad tick " + i));
                all.countDown();
            }
            if (count.incrementAndGet() == n) {
                all.countDown();
            }
        });
        try {
            long start = System.nanoTime();
            echo.Emit(new UInt32(n));
            if (!all.await(JitneyBlockingClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + count.get() + " of " + n + " ticks arrived");
            }
            long elapsed = System.nanoTime() - start;
            if (failure.get() != null) {
                throw new IllegalStateException("tick check failed", failure.get());
            }
            return elapsed;
        } finally {
            handler.close();
        }
    }

    @Override
    public long concurrent(int callers, long deadlineNanos) throws InterruptedException {
        var done = new AtomicLong();
        var failure = new AtomicReference<Throwable>();
        List<Thread> threads = new ArrayList<>(callers);
        for (int t = 0; t < callers; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    long mine = 0;
                    do {
                        if (!"hello".equals(echo.Echo("hello"))) {
                            throw new IllegalStateException("wrong echo");
                        }
                        mine++;
                    } while (System.nanoTime() < deadlineNanos);
                    done.addAndGet(mine);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a caller failed", failure.get());
        }
        return done.get();
    }

    @Override
    public String concurrencyModel() {
        return "64 platform threads calling the proxy";
    }

    /**
     * dbus-java's own marshalling: {@link MessageFactory#createMethodCall} serialises in its
     * constructor; parsing is what its socket reader does — split the bytes into the 12-byte
     * fixed header, the header fields and the body, {@link MessageFactory#createMessage}, then
     * {@link Message#getParameters()} to decode the body.
     */
    @Override
    public Runnable marshal(String payload) throws DBusException {
        return marshalling(payload);
    }

    /** As {@link #marshal}, without a connection: for {@link PairedMarshal}. */
    static Runnable marshalling(String payload) throws DBusException {
        var factory = new MessageFactory(Endian.LITTLE);
        Object[] args;
        String sig;
        String member;
        switch (payload) {
            case "M1" -> {
                Map<String, Variant<?>> dict = new LinkedHashMap<>();
                for (int i = 0; i < 10; i++) {
                    dict.put("key" + i, i % 2 == 0 ? new Variant<>("value" + i) : new Variant<>(new UInt32(i)));
                }
                member = "EchoDict";
                sig = "a{sv}";
                args = new Object[] {dict};
            }
            case "M2" -> {
                Map<String, Variant<?>> hints = new LinkedHashMap<>();
                hints.put("urgency", new Variant<>((byte) 1));
                hints.put("category", new Variant<>("email.arrived"));
                hints.put("desktop-entry", new Variant<>("org.example.Mail"));
                member = "Notify";
                sig = "susssasa{sv}i";
                args = new Object[] {"jitney", new UInt32(0), "mail-unread", "New mail",
                        "You have 3 new messages from the mailing list",
                        List.of("default", "Open", "dismiss", "Dismiss"), hints, -1};
            }
            case "M3" -> {
                Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects = new LinkedHashMap<>();
                for (int o = 0; o < 20; o++) {
                    Map<String, Map<String, Variant<?>>> ifaces = new LinkedHashMap<>();
                    for (int i = 0; i < 3; i++) {
                        Map<String, Variant<?>> props = new LinkedHashMap<>();
                        props.put("Address", new Variant<>(String.format("00:11:22:33:44:%02X", o)));
                        props.put("Name", new Variant<>("Device " + o));
                        props.put("Paired", new Variant<>(o % 2 == 0));
                        props.put("Connected", new Variant<>(false));
                        props.put("RSSI", new Variant<>((short) (-40 - o)));
                        props.put("Class", new Variant<>(new UInt32(0x240404L)));
                        props.put("UUIDs", new Variant<>(new String[] {"0000110b-0000-1000-8000-00805f9b34fb",
                                "0000110e-0000-1000-8000-00805f9b34fb"}, "as"));
                        props.put("Adapter", new Variant<>(new DBusPath("/org/bluez/hci0")));
                        ifaces.put("org.bluez.Iface" + i, props);
                    }
                    objects.put(new DBusPath("/org/bluez/hci0/dev_" + o), ifaces);
                }
                // dbus-java builds a method return only in reply to a received call; a call with
                // the same body exercises the same body marshalling.
                member = "GetManagedObjects";
                sig = "a{oa{sa{sv}}}";
                args = new Object[] {objects};
            }
            default -> throw new IllegalArgumentException(payload);
        }
        String path = payload.equals("M2") ? "/org/freedesktop/Notifications" : EchoService.PATH;
        String iface = payload.equals("M2") ? "org.freedesktop.Notifications" : EchoService.INTERFACE;
        String dest = payload.equals("M2") ? "org.freedesktop.Notifications" : EchoService.NAME;
        return () -> {
            try {
                MethodCall call = factory.createMethodCall(dest, path, iface, member, (byte) 0, sig, args);
                JitneyMarshal.sink = parse(join(call.getWireData())).getParameters();
            } catch (DBusException | MessageTypeException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static byte[] join(byte[][] chunks) {
        int total = 0;
        for (byte[] c : chunks) {
            total += c == null ? 0 : c.length;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] c : chunks) {
            if (c != null) {
                System.arraycopy(c, 0, out, at, c.length);
                at += c.length;
            }
        }
        return out;
    }

    /** As dbus-java's reader splits a message before handing it to {@link MessageFactory#createMessage}. */
    private static Message parse(byte[] wire) throws DBusException, MessageTypeException {
        byte[] fixed = java.util.Arrays.copyOfRange(wire, 0, 12);
        int fieldsLength = (wire[12] & 0xff) | (wire[13] & 0xff) << 8 | (wire[14] & 0xff) << 16 | (wire[15] & 0xff) << 24;
        int padded = (fieldsLength + 7) & ~7;
        byte[] header = new byte[padded + 8];
        System.arraycopy(wire, 12, header, 0, 4);
        System.arraycopy(wire, 16, header, 8, padded);
        int bodyLength = (fixed[4] & 0xff) | (fixed[5] & 0xff) << 8 | (fixed[6] & 0xff) << 16 | (fixed[7] & 0xff) << 24;
        byte[] body = java.util.Arrays.copyOfRange(wire, 16 + padded, 16 + padded + bodyLength);
        return MessageFactory.createMessage(fixed[1], fixed, header, body, null);
    }

    @Override
    public void close() {
        conn.disconnect();
    }
}
