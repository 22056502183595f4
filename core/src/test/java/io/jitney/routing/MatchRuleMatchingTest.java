package io.jitney.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.wire.ObjectPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Local evaluation of match rules: spec, "Match Rules", key by key. */
class MatchRuleMatchingTest {

    static Message signal(String path, String iface, String member, String signature, Object... body) {
        return Message.builder(MessageType.SIGNAL).path(path).interfaceName(iface).member(member)
                .sender(":1.7").body(signature, body).build();
    }

    static Message frobated() {
        return signal("/org/example/Obj", "org.example.Iface", "Frobated", "si", "foobar", 3);
    }

    static boolean m(String rule, Message msg) {
        return MatchRule.parse(rule).matches(msg);
    }

    @Test
    void emptyRuleMatchesEverything() {
        assertThat(m("", frobated())).isTrue();
        assertThat(m("", Message.builder(MessageType.METHOD_RETURN).replySerial(3).build())).isTrue();
    }

    @Test
    void type() {
        assertThat(m("type='signal'", frobated())).isTrue();
        assertThat(m("type='method_call'", frobated())).isFalse();
        assertThat(m("type='method_return'", frobated())).isFalse();
        assertThat(m("type='error'", frobated())).isFalse();
        Message err = Message.builder(MessageType.ERROR).replySerial(5).errorName("org.example.Error.Failed").build();
        assertThat(m("type='error'", err)).isTrue();
        Message ret = Message.builder(MessageType.METHOD_RETURN).replySerial(5).build();
        assertThat(m("type='method_return'", ret)).isTrue();
        Message call = Message.builder(MessageType.METHOD_CALL).path("/").member("Ping").build();
        assertThat(m("type='method_call'", call)).isTrue();
    }

    @Test
    void interfaceAbsentFromMessageNeverMatchesARuleWithOne() {
        Message call = Message.builder(MessageType.METHOD_CALL).path("/").member("Ping").build();
        assertThat(m("interface='org.freedesktop.DBus.Peer'", call)).isFalse();
        assertThat(m("member='Ping'", call)).isTrue();
        assertThat(m("interface='org.example.Iface'", frobated())).isTrue();
        assertThat(m("interface='org.example.Other'", frobated())).isFalse();
    }

    @Test
    void member() {
        assertThat(m("member='Frobated'", frobated())).isTrue();
        assertThat(m("member='Oopsed'", frobated())).isFalse();
        assertThat(m("type='signal',member='Frobated',arg0='foobar'", frobated())).isTrue();
        Message noMember = Message.builder(MessageType.METHOD_RETURN).replySerial(1).build();
        assertThat(m("member='Frobated'", noMember)).isFalse();
    }

    @Test
    void path() {
        assertThat(m("path='/org/example/Obj'", frobated())).isTrue();
        assertThat(m("path='/org/example'", frobated())).isFalse();
        assertThat(m("path='/org/example/Obj/child'", frobated())).isFalse();
        Message noPath = Message.builder(MessageType.METHOD_RETURN).replySerial(1).build();
        assertThat(m("path='/'", noPath)).isFalse();
    }

    @Test
    void pathNamespaceSpecExamples() {
        // "path_namespace='/com/example/foo' would match signals sent by /com/example/foo or by
        // /com/example/foo/bar, but not by /com/example/foobar."
        String rule = "path_namespace='/com/example/foo'";
        assertThat(m(rule, signal("/com/example/foo", "a.b", "S", ""))).isTrue();
        assertThat(m(rule, signal("/com/example/foo/bar", "a.b", "S", ""))).isTrue();
        assertThat(m(rule, signal("/com/example/foo/bar/baz", "a.b", "S", ""))).isTrue();
        assertThat(m(rule, signal("/com/example/foobar", "a.b", "S", ""))).isFalse();
        assertThat(m(rule, signal("/com/example", "a.b", "S", ""))).isFalse();
        assertThat(m(rule, signal("/", "a.b", "S", ""))).isFalse();
    }

    @Test
    void pathNamespaceRootMatchesEveryPath() {
        for (String p : List.of("/", "/a", "/foo/TheObjectManager", "/foo/TheObjectManagerOther")) {
            assertThat(m("type='signal',path_namespace='/'", signal(p, "a.b", "S", ""))).as(p).isTrue();
        }
        Message noPath = Message.builder(MessageType.METHOD_RETURN).replySerial(1).build();
        assertThat(m("path_namespace='/'", noPath)).isFalse();
    }

    @Test
    void pathNamespaceCasesFromTheReferenceImplementation() {
        Message m1 = signal("/foo/TheObjectManager", "a.b", "S", "");
        Message m2 = signal("/foo/TheObjectManager/child_object", "a.b", "S", "");
        Message m3 = signal("/foo/TheObjectManagerOther", "a.b", "S", "");
        assertThat(m("type='signal',path_namespace='/foo'", m1)).isTrue();
        assertThat(m("type='signal',path_namespace='/foo/TheObjectManager'", m1)).isTrue();
        assertThat(m("type='signal',path_namespace='/bar'", m1)).isFalse();
        assertThat(m("type='signal',path_namespace='/bar/TheObjectManager'", m1)).isFalse();
        assertThat(m("type='signal',path_namespace='/foo/TheObjectManager'", m2)).isTrue();
        assertThat(m("type='signal',path_namespace='/foo/TheObjectManager'", m3)).isFalse();
    }

    @Test
    void argNMatchesOnlyStringsAndExactly() {
        Message msg = frobated();
        assertThat(m("arg0='foobar'", msg)).isTrue();
        assertThat(m("arg0='blah'", msg)).isFalse();
        assertThat(m("arg0='fooba'", msg)).isFalse();
        assertThat(m("arg1='3'", msg)).as("INT32 3 is not the string '3'").isFalse();
        assertThat(m("arg2='foobar'", msg)).as("no such argument").isFalse();
        assertThat(m("arg0='foobar',arg1='abcdef'", msg)).isFalse();
        assertThat(m("arg0='foobar',arg1='abcdef',arg4='abcdefghi',arg3='abcdefghi',arg2='abcdefghi'", msg)).isFalse();
        Message three = signal("/", "a.b", "S", "sss", "x", "y", "z");
        assertThat(m("arg0='x',arg2='z'", three)).isTrue();
        assertThat(m("arg0='x',arg2='y'", three)).isFalse();
        Message empty = signal("/", "a.b", "S", "s", "");
        assertThat(m("arg0=''", empty)).isTrue();
    }

    @Test
    void argNDoesNotMatchObjectPathOrOtherTypes() {
        // dbus-daemon: plain argN compares STRING arguments only; an OBJECT_PATH needs argNpath.
        Message withPath = signal("/", "a.b", "S", "o", new ObjectPath("/foo"));
        assertThat(m("arg0='/foo'", withPath)).isFalse();
        assertThat(m("arg0path='/foo'", withPath)).isTrue();
        Message withSig = signal("/", "a.b", "S", "g", "s");
        assertThat(m("arg0='s'", withSig)).isFalse();
        Message withVariant = signal("/", "a.b", "S", "v", io.jitney.wire.Variant.of("s", "foo"));
        assertThat(m("arg0='foo'", withVariant)).isFalse();
        Message withArray = signal("/", "a.b", "S", "as", List.of("foo"));
        assertThat(m("arg0='foo'", withArray)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/aa/", "/aa/bb/", "/aa/bb/cc/", "/aa/bb/cc"})
    void argPathSpecExamplesThatMatch(String arg) {
        assertThat(m("arg0path='/aa/bb/'", signal("/", "a.b", "S", "s", arg))).as("string %s", arg).isTrue();
        if (ObjectPath.isValid(arg)) {
            assertThat(m("arg0path='/aa/bb/'", signal("/", "a.b", "S", "o", new ObjectPath(arg))))
                    .as("object path %s", arg).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/aa/b", "/aa", "/aa/bb"})
    void argPathSpecExamplesThatDoNotMatch(String arg) {
        assertThat(m("arg0path='/aa/bb/'", signal("/", "a.b", "S", "s", arg))).as("string %s", arg).isFalse();
        assertThat(m("arg0path='/aa/bb/'", signal("/", "a.b", "S", "o", new ObjectPath(arg))))
                .as("object path %s", arg).isFalse();
    }

    @Test
    void argPathEdgeCases() {
        // Equal strings match even if they are not paths; a prefix must end in '/'.
        assertThat(m("arg0path='foobar'", frobated())).isTrue();
        assertThat(m("arg0path='foo'", frobated())).isFalse();
        assertThat(m("arg0path='foobar/'", frobated())).isFalse();
        assertThat(m("arg1path='3'", frobated())).as("INT32 is never a path").isFalse();
        assertThat(m("arg0path=''", signal("/", "a.b", "S", "s", ""))).isTrue();
        assertThat(m("arg0path='/'", signal("/", "a.b", "S", "s", ""))).isFalse();
        assertThat(m("arg0path=''", signal("/", "a.b", "S", "s", "/"))).isFalse();
        assertThat(m("arg0path='/ca/example/foo/'", signal("/", "a.b", "S", "s", "/ca/example/foo/bar"))).isTrue();
        assertThat(m("arg0path='/ca/example/foo/'", signal("/", "a.b", "S", "s", "/ca/example/"))).isTrue();
        assertThat(MatchRule.pathArgMatches("/a/", "/a/")).isTrue();
    }

    @Test
    void arg0NamespaceSpecExamples() {
        // member='NameOwnerChanged',arg0namespace='com.example.backend1' matches
        // com.example.backend1.foo, com.example.backend1.foo.bar and com.example.backend1 itself.
        String rule = "member='NameOwnerChanged',arg0namespace='com.example.backend1'";
        for (String name :
                List.of("com.example.backend1.foo", "com.example.backend1.foo.bar", "com.example.backend1")) {
            assertThat(m(rule, noc(name))).as(name).isTrue();
        }
        for (String name :
                List.of("com.example.backend10", "com.example.backend", "com.example", "org.example.backend1")) {
            assertThat(m(rule, noc(name))).as(name).isFalse();
        }
    }

    @Test
    void arg0NamespaceCasesFromTheReferenceImplementation() {
        Message msg = noc("com.example.backend.foo");
        for (String ns : List.of("com.example.backend", "com.example", "com", "com.example.backend.foo")) {
            assertThat(m("arg0namespace='" + ns + "'", msg)).as(ns).isTrue();
        }
        for (String ns : List.of("com.example.backend.foo.bar", "com.example.backend.foobar", "com.example.backend.fo",
                "com.example.backen", "com.exampl", "co")) {
            assertThat(m("arg0namespace='" + ns + "'", msg)).as(ns).isFalse();
        }
        assertThat(m("arg0namespace='foobar'", frobated())).isTrue();
        assertThat(m("arg0namespace='foo'", frobated())).isFalse();
        assertThat(m("arg0namespace='moo'", frobated())).isFalse();
        assertThat(m("arg0namespace='org'", signal("/", "a.b", "S", "o", new ObjectPath("/org"))))
                .as("only STRING arguments").isFalse();
    }

    static Message noc(String name) {
        return Message.builder(MessageType.SIGNAL).path("/org/freedesktop/DBus").interfaceName("org.freedesktop.DBus")
                .member("NameOwnerChanged").sender("org.freedesktop.DBus").body("sss", name, "", ":1.5").build();
    }

    @Test
    void senderLiteral() {
        assertThat(m("sender=':1.7'", frobated())).isTrue();
        assertThat(m("sender=':1.8'", frobated())).isFalse();
        assertThat(m("sender='org.freedesktop.DBus'", noc("a.b"))).isTrue();
        Message noSender = Message.builder(MessageType.SIGNAL).path("/").interfaceName("a.b").member("S").build();
        assertThat(m("sender=':1.7'", noSender)).isFalse();
    }

    @Test
    void senderAsWellKnownNameMatchesTheOwnersUniqueName() {
        MatchRule rule = MatchRule.parse("sender='org.example.Service'");
        Message fromOwner = frobated(); // sender :1.7
        assertThat(rule.matches(fromOwner)).as("without owners, no match").isFalse();
        assertThat(rule.matches(fromOwner, NameOwners.NONE)).isFalse();
        assertThat(rule.matches(fromOwner, Map.of("org.example.Service", ":1.7")::get)).isTrue();
        assertThat(rule.matches(fromOwner, Map.of("org.example.Service", ":1.9")::get)).isFalse();
        assertThat(rule.matches(fromOwner, Map.of("org.example.Other", ":1.7")::get)).isFalse();

        var tracker = new NameOwnerTracker();
        assertThat(rule.matches(fromOwner, tracker)).isFalse();
        tracker.onMessage(nocChange("org.example.Service", "", ":1.7"));
        assertThat(rule.matches(fromOwner, tracker)).isTrue();
        tracker.onMessage(nocChange("org.example.Service", ":1.7", ":1.9"));
        assertThat(rule.matches(fromOwner, tracker)).isFalse();
        tracker.onMessage(nocChange("org.example.Service", ":1.9", ""));
        assertThat(rule.matches(fromOwner, tracker)).isFalse();
        // A unique sender in the rule is never looked up.
        assertThat(MatchRule.parse("sender=':1.9'").matches(fromOwner, name -> ":1.7")).isFalse();
    }

    static Message nocChange(String name, String oldOwner, String newOwner) {
        return Message.builder(MessageType.SIGNAL).path("/org/freedesktop/DBus").interfaceName("org.freedesktop.DBus")
                .member("NameOwnerChanged").sender("org.freedesktop.DBus")
                .body("sss", name, oldOwner, newOwner)
                .build();
    }

    @Test
    void destination() {
        Message toUnique = Message.builder(MessageType.SIGNAL).path("/").interfaceName("a.b").member("S")
                .destination(":1.3").build();
        Message toWellKnown = toUnique.toBuilder().destination("org.example.Dest").build();
        Message broadcast = toUnique.toBuilder().destination(null).build();
        assertThat(m("destination=':1.3'", toUnique)).isTrue();
        assertThat(m("destination=':1.4'", toUnique)).isFalse();
        assertThat(m("destination=':1.3'", broadcast)).as("broadcast never matches a destination").isFalse();
        assertThat(m("destination='org.example.Dest'", toWellKnown)).isTrue();
        NameOwners owners = Map.of("org.example.Dest", ":1.3", "org.example.Alias", ":1.3")::get;
        assertThat(MatchRule.parse("destination=':1.3'").matches(toWellKnown, owners)).isTrue();
        assertThat(MatchRule.parse("destination=':1.4'").matches(toWellKnown, owners)).isFalse();
        assertThat(MatchRule.parse("destination='org.example.Dest'").matches(toUnique, owners)).isTrue();
        assertThat(MatchRule.parse("destination='org.example.Alias'").matches(toWellKnown, owners)).isTrue();
        assertThat(MatchRule.parse("destination='org.example.Other'").matches(toWellKnown, owners)).isFalse();
    }

    @Test
    void eavesdropDoesNotChangeLocalEvaluation() {
        Message unicast = frobated().toBuilder().destination(":1.99").build();
        for (String e : List.of("", ",eavesdrop='true'", ",eavesdrop='false'")) {
            assertThat(m("type='signal'" + e, unicast)).as(e).isTrue();
            assertThat(m("type='signal'" + e, frobated())).as(e).isTrue();
            assertThat(m("destination=':1.99'" + e, unicast)).as(e).isTrue();
        }
    }

    @Test
    void everyKeyTogether() {
        Message msg = Message.builder(MessageType.SIGNAL).path("/org/example/obj").interfaceName("org.example.Iface")
                .member("Changed").sender(":1.5").destination(":1.42")
                .body("sos", "zero", new ObjectPath("/aa/bb/cc"), "x").build();
        MatchRule all = MatchRule.builder().type(MessageType.SIGNAL).sender("org.example.Sender")
                .interfaceName("org.example.Iface").member("Changed").path("/org/example/obj").destination(":1.42")
                .arg(0, "zero").argPath(1, "/aa/bb/").eavesdrop(true).build();
        NameOwners owners = Map.of("org.example.Sender", ":1.5")::get;
        assertThat(all.matches(msg, owners)).isTrue();
        assertThat(all.matches(msg)).isFalse();
        MatchRule ns = all.toBuilder()
                .path((String) null)
                .pathNamespace("/org")
                .clearArgs()
                .arg0Namespace("zero")
                .build();
        assertThat(ns.matches(msg, owners)).isTrue();
        assertThat(ns.toBuilder().member("Other").build().matches(msg, owners)).isFalse();
    }
}
