package io.jitney.bus;

import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.Messages;
import io.jitney.proxy.MessageGenerator;
import io.jitney.names.BusName;
import io.jitney.routing.MatchRule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Message generator for the message bus itself: the {@code org.freedesktop.DBus} interface of
 * the object {@code /org/freedesktop/DBus} owned by the bus name {@code org.freedesktop.DBus}
 * (spec, "Message Bus Specification", "Message Bus Interface: org.freedesktop.DBus").
 *
 * <p>Each method <em>builds</em> the method call, with the signature the spec gives, and does
 * no I/O: send it on a connection and read the reply with the matching helper ({@link Replies},
 * {@link RequestNameReply#fromReply(Message)}, ...). Arguments are validated here, so a call the
 * bus would certainly refuse (an invalid name, a malformed match rule) fails at once with
 * {@link IllegalArgumentException}. Immutable and thread-safe.
 *
 * <pre>{@code
 * var bus = new MessageBus();
 * Message call = bus.requestName("com.example.Editor", EnumSet.of(RequestNameFlag.DO_NOT_QUEUE));
 * RequestNameReply r = RequestNameReply.fromReply(connection.sendAndGetReply(call, timeout));
 * }</pre>
 */
public final class MessageBus extends MessageGenerator {
    /** The bus's own name, {@code org.freedesktop.DBus}. */
    public static final String BUS_NAME = "org.freedesktop.DBus";
    /** The bus object's path, {@code /org/freedesktop/DBus}. */
    public static final String PATH = "/org/freedesktop/DBus";
    /** The bus interface, {@code org.freedesktop.DBus}. */
    public static final String INTERFACE = "org.freedesktop.DBus";
    /** The bus interface's address. */
    public static final DBusAddress ADDRESS = new DBusAddress(PATH, BUS_NAME, INTERFACE);

    private final Properties properties = new Properties(ADDRESS);

    /** A generator for the bus at the standard address. */
    public MessageBus() {
        super(ADDRESS);
    }

    /** The address the calls go to. */
    public DBusAddress address() {
        return ADDRESS;
    }

    /** {@code Hello() → s}: the first call on a bus connection; the reply is the unique name. */
    public Message hello() {
        return call("Hello", "");
    }

    /**
     * {@code RequestName(s name, u flags) → u} with no flags. Read the reply with
     * {@link RequestNameReply#fromReply}.
     */
    public Message requestName(String name) {
        return requestName(name, 0);
    }

    /**
     * {@code RequestName(s name, u flags) → u}.
     *
     * @param flags {@link RequestNameFlag} bits OR-ed together
     * @throws IllegalArgumentException if {@code name} is not a well-known bus name (the bus
     *     refuses unique names) or {@code flags} has bits the spec does not define
     */
    public Message requestName(String name, int flags) {
        checkWellKnown(name);
        if ((flags & ~0x7) != 0) {
            throw new IllegalArgumentException("RequestName flags 0x" + Integer.toHexString(flags)
                    + " have bits the spec does not define (only 0x1, 0x2, 0x4)");
        }
        return call("RequestName", "su", name, (long) flags);
    }

    /** {@code RequestName(s name, u flags) → u} with a set of flags, e.g. {@code EnumSet.of(DO_NOT_QUEUE)}. */
    public Message requestName(String name, Set<RequestNameFlag> flags) {
        return requestName(name, RequestNameFlag.toBits(flags));
    }

    /** {@code ReleaseName(s name) → u}. Read the reply with {@link ReleaseNameReply#fromReply}. */
    public Message releaseName(String name) {
        checkWellKnown(name);
        return call("ReleaseName", "s", name);
    }

    /** {@code ListQueuedOwners(s name) → as}: the unique names queued for a name, the owner first. */
    public Message listQueuedOwners(String name) {
        return call("ListQueuedOwners", "s", BusName.check(name));
    }

    /** {@code ListNames() → as}: every name that currently has an owner. */
    public Message listNames() {
        return call("ListNames", "");
    }

    /** {@code ListActivatableNames() → as}: every name the bus can start a service for. */
    public Message listActivatableNames() {
        return call("ListActivatableNames", "");
    }

    /** {@code NameHasOwner(s name) → b}. */
    public Message nameHasOwner(String name) {
        return call("NameHasOwner", "s", BusName.check(name));
    }

    /**
     * {@code StartServiceByName(s name, u flags) → u}, flags 0 (the spec defines none). Read the
     * reply with {@link StartServiceReply#fromReply}; a name no service file provides gives the
     * error {@code org.freedesktop.DBus.Error.ServiceUnknown}.
     */
    public Message startServiceByName(String name) {
        checkWellKnown(name);
        return call("StartServiceByName", "su", name, 0L);
    }

    /**
     * {@code UpdateActivationEnvironment(a{ss} environment)}: adds or changes variables in the
     * environment of services the bus starts. Buses may refuse it (the system bus does).
     *
     * @throws IllegalArgumentException if a name is empty or contains {@code =}, or a key or
     *     value is null
     */
    public Message updateActivationEnvironment(Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment");
        var copy = new LinkedHashMap<String, String>();
        environment.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("environment variables and values must not be null");
            }
            if (k.isEmpty() || k.indexOf('=') >= 0) {
                throw new IllegalArgumentException("invalid environment variable name '" + k + "'");
            }
            copy.put(k, v);
        });
        return call("UpdateActivationEnvironment", "a{ss}", copy);
    }

    /**
     * {@code GetNameOwner(s name) → s}: the unique name of the name's primary owner, or the
     * error {@code org.freedesktop.DBus.Error.NameHasNoOwner}.
     */
    public Message getNameOwner(String name) {
        return call("GetNameOwner", "s", BusName.check(name));
    }

    /** {@code GetConnectionUnixUser(s bus_name) → u}: the connection's Unix user ID. */
    public Message getConnectionUnixUser(String busName) {
        return call("GetConnectionUnixUser", "s", BusName.check(busName));
    }

    /** {@code GetConnectionUnixProcessID(s bus_name) → u}: the connection's process ID. */
    public Message getConnectionUnixProcessID(String busName) {
        return call("GetConnectionUnixProcessID", "s", BusName.check(busName));
    }

    /**
     * {@code GetConnectionCredentials(s bus_name) → a{sv}}: {@code UnixUserID} ({@code u}),
     * {@code UnixGroupIDs} ({@code au}), {@code ProcessID} ({@code u}), {@code ProcessFD}
     * ({@code h}), {@code LinuxSecurityLabel} ({@code ay}), ... as far as the bus knows them.
     */
    public Message getConnectionCredentials(String busName) {
        return call("GetConnectionCredentials", "s", BusName.check(busName));
    }

    /** {@code GetAdtAuditSessionData(s bus_name) → ay}: Solaris ADT data; elsewhere an error. */
    public Message getAdtAuditSessionData(String busName) {
        return call("GetAdtAuditSessionData", "s", BusName.check(busName));
    }

    /** {@code GetConnectionSELinuxSecurityContext(s bus_name) → ay}: without SELinux, an error. */
    public Message getConnectionSELinuxSecurityContext(String busName) {
        return call("GetConnectionSELinuxSecurityContext", "s", BusName.check(busName));
    }

    /**
     * {@code AddMatch(s rule)}. Note that dbus-daemon reads only the first
     * {@value MatchRule#DBUS_DAEMON_MAX_KEYS} keys of a rule and refuses text longer than
     * {@value MatchRule#DBUS_DAEMON_MAX_LENGTH} bytes.
     */
    public Message addMatch(MatchRule rule) {
        return call("AddMatch", "s", rule.serialize());
    }

    /**
     * {@code AddMatch(s rule)} from rule text: parsed (so a malformed rule fails here with a
     * {@link io.jitney.routing.MatchRuleSyntaxException}) and sent in canonical form, every
     * value quoted, so that the bus reads it exactly as Jitney does.
     */
    public Message addMatch(String rule) {
        return addMatch(MatchRule.parse(rule));
    }

    /**
     * {@code RemoveMatch(s rule)}: removes one rule equal to this one, or replies
     * {@code org.freedesktop.DBus.Error.MatchRuleNotFound}.
     */
    public Message removeMatch(MatchRule rule) {
        return call("RemoveMatch", "s", rule.serialize());
    }

    /** {@code RemoveMatch(s rule)} from rule text, parsed and sent in canonical form. */
    public Message removeMatch(String rule) {
        return removeMatch(MatchRule.parse(rule));
    }

    /** {@code GetId() → s}: the bus's ID, 32 hex digits. */
    public Message getId() {
        return call("GetId", "");
    }

    /**
     * {@code ReloadConfig()}: asks dbus-daemon to reload its configuration. Not in the spec;
     * provided by the reference implementation.
     */
    public Message reloadConfig() {
        return call("ReloadConfig", "");
    }

    /**
     * {@code org.freedesktop.DBus.Properties.Get("org.freedesktop.DBus", "Features") → v}
     * holding {@code as}; read it with {@link Replies#stringListProperty(Message)}.
     */
    public Message getFeatures() {
        return properties.get(INTERFACE, "Features");
    }

    /**
     * {@code org.freedesktop.DBus.Properties.Get("org.freedesktop.DBus", "Interfaces") → v}
     * holding {@code as}: the optional interfaces the bus object implements.
     */
    public Message getInterfaces() {
        return properties.get(INTERFACE, "Interfaces");
    }

    private static Message call(String method, String signature, Object... args) {
        return Messages.newMethodCall(ADDRESS, method, signature, args);
    }

    private static void checkWellKnown(String name) {
        BusName.check(name);
        if (name.startsWith(":")) {
            throw new IllegalArgumentException("'" + name
                    + "' is a unique name; only well-known names can be requested, released or started");
        }
    }
}
