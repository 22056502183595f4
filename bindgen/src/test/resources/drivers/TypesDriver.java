package org.example.types;

import io.jitney.io.ConnectionOptions;
import io.jitney.io.blocking.BlockingConnection;
import io.jitney.proxy.BlockingProxy;
import io.jitney.proxy.TypedProxies;
import io.jitney.proxy.TypedProxy;
import io.jitney.wire.ObjectPath;
import io.jitney.wire.Signature;
import io.jitney.wire.Struct;
import io.jitney.wire.UnixFd;
import io.jitney.wire.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Compiled by TypesRunTest together with the code bindgen generates from types.xml (every basic
 * type; struct-, dict- and variant-heavy signatures): sends the same values to the test service
 * through the generated message generator ({@code BlockingProxy}) or the generated typed interface
 * ({@code TypedProxies} over a {@code BlockingConnection}) and returns what came back, the typed
 * results as the generated records print themselves. Arguments: the bus address and
 * {@code "generator"} or {@code "typed"}.
 */
public final class TypesDriver implements BiFunction<String, String, Map<String, Object>> {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String NAME = "org.jitney.test.Types";
    private static final String PATH = "/org/jitney/types";

    // The arguments, the same through both.
    private static final List<byte[]> BYTE_ARRAYS = List.of(new byte[] {1}, new byte[0]);
    private static final List<Integer> WORDS = List.of(65535, 0);
    private static final List<Long> SIZES = List.of(-1L, 1L);
    private static final List<ObjectPath> PATHS = List.of(new ObjectPath("/a"), new ObjectPath("/"));
    private static final List<List<Integer>> NESTED = List.of(List.of(1, 2), List.of());
    private static final Map<String, Variant> PROPS = Map.of("p", Variant.of("ay", new byte[] {7}));
    private static final Map<Long, List<Containers.DictsById>> BY_ID =
            Map.of(4_294_967_295L, List.of(new Containers.DictsById("k", "v")));
    private static final Map<String, Map<String, Map<String, Variant>>> DEEP =
            Map.of("a", Map.of("b", Map.of("c", Variant.of("t", -1L))));
    private static final Containers.StructsPoint POINT = new Containers.StructsPoint(1, -2);
    private static final Containers.StructsLine LINE = new Containers.StructsLine(POINT, new Containers.StructsPoint(3, 4));
    private static final List<Containers.StructsItems> ITEMS =
            List.of(new Containers.StructsItems("spoon", 4_294_967_295L, Map.of("c", Variant.of("silver"))));
    private static final Containers.StructsDeep DEEP_STRUCT = new Containers.StructsDeep(1,
            new Containers.StructsDeepField1("s", new Containers.StructsDeepField1Field1(-1L,
                    new Containers.StructsDeepField1Field1Field1(Variant.of("q", 65535)))));
    private static final Variant ANY = Variant.of("(iu)", List.of(1, 4_294_967_295L));
    private static final List<Variant> MANY = List.of(Variant.of("s", "x"), Variant.of("ao", PATHS));
    private static final List<List<Double>> MATRIX = List.of(List.of(1.5, -2.0), List.of());

    @Override
    public Map<String, Object> apply(String address, String mode) {
        try (var conn = BlockingConnection.open(address, ConnectionOptions.defaults().withUnixFds(true))) {
            return switch (mode) {
                case "generator" -> generator(new BlockingProxy<>(new ContainersMessages(NAME, PATH), conn, TIMEOUT));
                case "typed" -> typed(TypedProxies.create(Containers.class, conn, NAME, PATH));
                default -> throw new IllegalArgumentException(mode);
            };
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> generator(BlockingProxy<ContainersMessages> p) throws IOException {
        var results = new LinkedHashMap<String, Object>();
        try (UnixFd fd = pipeWith("basics")) {
            var echo = (Struct) p.call(g -> g.basics((byte) -1, true, (short) -2, 65535, -3, 4_294_967_295L,
                    Long.MIN_VALUE, -1L, 2.5, "s", new ObjectPath("/o"), Signature.of("a{sv}"), fd,
                    Variant.of("s", "v"))).getFirst();
            results.put("basics.h", readAll((UnixFd) echo.get(12)));
        }
        p.call(g -> g.arrays(new byte[] {1, 2}, BYTE_ARRAYS, WORDS, SIZES, List.of("n"), PATHS, NESTED,
                List.of(true, false)));
        p.call(g -> g.dicts(PROPS, BY_ID, DEEP));
        p.call(g -> g.structs(POINT, LINE, ITEMS, DEEP_STRUCT));
        p.call(g -> g.variants(ANY, MANY));
        try (UnixFd in = pipeWith("input"); UnixFd a = pipeWith("a"); UnixFd b = pipeWith("b")) {
            results.put("fds", readAll((UnixFd) p.call(g -> g.fds(in, List.of(a, b))).getFirst()));
        }
        results.put("unsigned", p.call(ContainersMessages::unsigned).getFirst());
        results.put("unsignedList", p.call(ContainersMessages::unsignedList).getFirst());
        results.put("many", p.call(ContainersMessages::many));
        p.setProperty("Matrix", Variant.of("aad", MATRIX));
        p.setProperty("Limit", Variant.of("t", -1L));
        return results;
    }

    private static Map<String, Object> typed(Containers c) throws IOException, InterruptedException {
        var results = new LinkedHashMap<String, Object>();
        try (UnixFd fd = pipeWith("basics")) {
            Containers.BasicsEcho echo = c.basics((byte) -1, true, (short) -2, 65535, -3, 4_294_967_295L,
                    Long.MIN_VALUE, -1L, 2.5, "s", new ObjectPath("/o"), Signature.of("a{sv}"), fd,
                    Variant.of("s", "v"));
            results.put("basics.h", readAll(echo.field12()));
            results.put("basics", List.of(echo.field0(), echo.field1(), echo.field2(), echo.field3(), echo.field4(),
                    echo.field5(), echo.field6(), echo.field7(), echo.field8(), echo.field9(), echo.field10(),
                    echo.field11(), echo.field13()).toString());
        }
        c.arrays(new byte[] {1, 2}, BYTE_ARRAYS, WORDS, SIZES, List.of("n"), PATHS, NESTED, List.of(true, false));
        results.put("dicts", c.dicts(PROPS, BY_ID, DEEP).toString());
        results.put("structs", c.structs(POINT, LINE, ITEMS, DEEP_STRUCT).toString());
        results.put("variants", c.variants(ANY, MANY).toString());
        try (UnixFd in = pipeWith("input"); UnixFd a = pipeWith("a"); UnixFd b = pipeWith("b")) {
            results.put("fds", readAll(c.fds(in, List.of(a, b))));
        }
        results.put("unsigned", c.unsigned());
        results.put("unsignedList", c.unsignedList().toString());
        results.put("many", c.many().toString());
        results.put("size", c.getSize().toString());
        c.setMatrix(MATRIX);
        results.put("matrix", c.getMatrix().toString());
        results.put("table", c.getTable().toString());
        try (var updated = TypedProxy.of(c).queue(Containers.Updated.class, 4)) {
            c.setLimit(-1L); // the service announces it with Updated
            results.put("updated", updated.receive(TIMEOUT).toString());
        }
        return results;
    }

    private static UnixFd pipeWith(String text) throws IOException {
        var pipe = UnixFd.pipe();
        try (OutputStream out = pipe.writeEnd().toOutputStream()) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return pipe.readEnd();
    }

    private static String readAll(UnixFd fd) throws IOException {
        try (InputStream in = fd.toInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
