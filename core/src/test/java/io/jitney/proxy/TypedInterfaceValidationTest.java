package io.jitney.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitney.DBusErrorException;
import io.jitney.testing.ExampleApi;
import io.jitney.wire.Struct;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What a typed interface maps to, and every mismatch failing when checked, naming the method. */
class TypedInterfaceValidationTest {

    static List<String> sig(Class<?> type, String method, Class<?>... params) throws NoSuchMethodException {
        return TypedProxies.signatures(type.getMethod(method, params));
    }

    @Test
    void theExampleInterfaceMapsToTheSignaturesOfTheService() throws Exception {
        TypedProxies.validate(ExampleApi.class);
        assertThat(sig(ExampleApi.class, "primitives", byte.class, boolean.class, short.class, int.class, int.class,
                long.class, long.class, long.class, double.class)).containsExactly("ybnqiuxtd", "ybnqiuxtd");
        assertThat(sig(ExampleApi.class, "strings", String.class, io.jitney.wire.ObjectPath.class,
                io.jitney.wire.Signature.class)).containsExactly("sog", "s");
        assertThat(sig(ExampleApi.class, "reverse", byte[].class)).containsExactly("ay", "ay");
        assertThat(sig(ExampleApi.class, "hints", Map.class)).containsExactly("a{sv}", "a{sv}");
        assertThat(sig(ExampleApi.class, "swap", ExampleApi.Pair.class)).containsExactly("(s(ii))", "((ii)s)");
        assertThat(sig(ExampleApi.class, "divModAsync", int.class, int.class)).containsExactly("ii", "ii");
        assertThat(sig(ExampleApi.class, "sum", long[].class)).containsExactly("au", "t");
        assertThat(sig(ExampleApi.class, "emit", String.class, long.class)).containsExactly("su", "");
        assertThat(sig(ExampleApi.class, "getCount")).containsExactly("u", "u");
        assertThat(sig(ExampleApi.class, "setTags", List.class)).containsExactly("as", "as");
    }

    @DBusInterface("org.example.Types")
    interface Types {
        void all(boolean b, Byte y, short n, int i, long x, double d, String s, Variant v, UnixFd h, short[] an,
                int[] ai, long[] ax, double[] ad, boolean[] ab, List<List<String>> aas, Map<Long, List<Variant>> dict);

        void unsigned(@DBusType("y") int y, @DBusType("q") int q, @DBusType("u") long u, @DBusType("t") BigInteger t,
                @DBusType("aq") int[] aq, @DBusType("a{ut}") Map<Long, Long> m, @DBusType("o") String path,
                @DBusType("g") String sig, @DBusType("(ii)") Struct raw, @DBusType("a(sv)") Object anything);

        void nested(Outer outer, List<Outer> outers, Map<String, Inner> byName);

        record Inner(@DBusType("u") long id, List<String> tags) {}

        record Outer(Inner inner, double weight, Map<String, Inner> more) {}
    }

    @Test
    void typesMapByDefaultAndWithAnnotations() throws Exception {
        assertThat(TypedProxies.signatures(Types.class.getMethods()[indexOf(Types.class, "all")]).getFirst())
                .isEqualTo("bynixdsvhanaiaxadabaasa{xav}");
        assertThat(TypedProxies.signatures(Types.class.getMethods()[indexOf(Types.class, "unsigned")]).getFirst())
                .isEqualTo("yqutaqa{ut}og(ii)a(sv)");
        assertThat(TypedProxies.signatures(Types.class.getMethods()[indexOf(Types.class, "nested")]).getFirst())
                .isEqualTo("((uas)da{s(uas)})a((uas)da{s(uas)})a{s(uas)}");
    }

    static int indexOf(Class<?> type, String name) {
        var methods = type.getMethods();
        for (int i = 0; i < methods.length; i++) {
            if (methods[i].getName().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name);
    }

    // --- broken interfaces: each fails naming the method ---------------------------------------

    @DBusInterface("org.example.Broken")
    interface IntForUint64 {
        @DBusType("t")
        int size();
    }

    @DBusInterface("org.example.Broken")
    interface IntForUint32Parameter {
        void set(@DBusType("u") int id);
    }

    @DBusInterface("org.example.Broken")
    interface RecordDoesNotMatchStruct {
        record Pair(String a, int b) {}

        @DBusMethod(out = "(si)")
        Pair ok();

        void take(@DBusType("(sis)") Pair pair);
    }

    @DBusInterface("org.example.Broken")
    interface RecordComponentOfWrongType {
        record Pair(String a, int b) {}

        @DBusMethod(out = "(ss)")
        Pair get();
    }

    @DBusInterface("org.example.Broken")
    interface MultiOutWithoutRecord {
        @DBusMethod(out = "su")
        String both();
    }

    @DBusInterface("org.example.Broken")
    interface MultiOutRecordTooShort {
        record One(String s) {}

        @DBusMethod(out = "su")
        One both();
    }

    @DBusInterface("org.example.Broken")
    interface OptionalParameter {
        void maybe(Optional<String> s);
    }

    @DBusInterface("org.example.Broken")
    interface FloatReturn {
        float ratio();
    }

    @DBusInterface("org.example.Broken")
    interface RawList {
        @SuppressWarnings("rawtypes")
        List names();
    }

    @DBusInterface("org.example.Broken")
    interface BadKey {
        Map<List<String>, String> index();
    }

    @DBusInterface("org.example.Broken")
    interface InvalidDBusType {
        void x(@DBusType("a{") String s);
    }

    @DBusInterface("org.example.Broken")
    interface NoReplyWithValue {
        @DBusMethod(noReply = true)
        int fire();
    }

    @DBusInterface("org.example.Broken")
    interface PropertyWithTwoParameters {
        @DBusProperty("Name")
        void setName(String a, String b);
    }

    @DBusInterface("org.example.Broken")
    interface PropertyTypesDisagree {
        @DBusProperty("Size")
        @DBusType("u")
        long getSize();

        @DBusProperty("Size")
        void setSize(int size);
    }

    @DBusInterface("org.example.Broken")
    interface UnknownAsyncType {
        Supplier<String> later();
    }

    @DBusInterface("org.example.Broken")
    interface FutureWithoutTypeArgument {
        @SuppressWarnings("rawtypes")
        CompletableFuture later();
    }

    @DBusInterface("org.example.Broken")
    interface ErrorWithoutConstructor {
        @DBusError("org.example.Error.Bad")
        final class Bad extends DBusErrorException {
            private static final long serialVersionUID = 1L;

            public Bad(String text) {
                super("org.example.Error.Bad", text, null);
            }
        }

        void go() throws Bad;
    }

    @DBusInterface("org.example.Broken")
    interface RecursiveRecord {
        record Node(String name, List<Node> children) {}

        void tree(Node root);
    }

    @DBusInterface("org.example.Broken")
    interface ObjectWithoutType {
        Object anything();
    }

    @DBusInterface("org.example.Broken")
    interface BadMemberName {
        @DBusMethod(name = "has-dash")
        void x();
    }

    @DBusInterface("org.example.Broken")
    interface BadSignal {
        @DBusSignal("Changed")
        record Changed(String what, char how) {}

        void ok();
    }

    interface NotAnnotated {
        void x();
    }

    @Test
    void everyMismatchFailsAtCreationNamingTheMethod() {
        expectFailure(IntForUint64.class, "IntForUint64.size()", "int cannot carry D-Bus type 't'", "use long");
        expectFailure(IntForUint32Parameter.class, "IntForUint32Parameter.set(int)", "parameter 0",
                "int cannot carry D-Bus type 'u'");
        expectFailure(RecordDoesNotMatchStruct.class, "RecordDoesNotMatchStruct.take(Pair)",
                "record Pair has 2 components but struct '(sis)' has 3 fields");
        expectFailure(RecordComponentOfWrongType.class, "RecordComponentOfWrongType.get()", "component b",
                "int cannot carry D-Bus type 's'");
        expectFailure(MultiOutWithoutRecord.class, "MultiOutWithoutRecord.both()",
                "out = \"su\" has 2 values: return a record");
        expectFailure(MultiOutRecordTooShort.class, "MultiOutRecordTooShort.both()", "record One has 1 components");
        expectFailure(OptionalParameter.class, "OptionalParameter.maybe(Optional)", "no null");
        expectFailure(FloatReturn.class, "FloatReturn.ratio()", "use double");
        expectFailure(RawList.class, "RawList.names()", "raw List");
        expectFailure(BadKey.class, "BadKey.index()", "a dict key must be a basic D-Bus type");
        expectFailure(InvalidDBusType.class, "InvalidDBusType.x(String)", "@DBusType(\"a{\") is not a valid signature");
        expectFailure(NoReplyWithValue.class, "NoReplyWithValue.fire()", "noReply = true) needs a void return type");
        expectFailure(PropertyWithTwoParameters.class, "PropertyWithTwoParameters.setName(String, String)",
                "getter", "setter");
        expectFailure(PropertyTypesDisagree.class, "PropertyTypesDisagree.", "property Size has D-Bus type");
        expectFailure(UnknownAsyncType.class, "UnknownAsyncType.later()", "Supplier<java.lang.String> has no D-Bus type");
        expectFailure(FutureWithoutTypeArgument.class, "FutureWithoutTypeArgument.later()", "needs its type argument");
        expectFailure(ErrorWithoutConstructor.class, "ErrorWithoutConstructor.go()",
                "needs a constructor (String errorName, String errorText, Message reply)");
        expectFailure(RecursiveRecord.class, "RecursiveRecord.tree(Node)", "contains itself");
        expectFailure(ObjectWithoutType.class, "ObjectWithoutType.anything()", "Object needs @DBusType");
        expectFailure(BadMemberName.class, "BadMemberName.x()", "'has-dash' is not a valid D-Bus member name");
        expectFailure(BadSignal.class, "signal record Changed", "component how", "char");
        expectFailure(NotAnnotated.class, "NotAnnotated", "not annotated with @DBusInterface");
    }

    static void expectFailure(Class<?> type, String... fragments) {
        assertThatThrownBy(() -> TypedProxies.validate(type)).as(type.getSimpleName())
                .isInstanceOf(IllegalArgumentException.class)
                .message().contains(fragments);
    }
}
