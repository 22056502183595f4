package io.jitney.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.message.Message;
import io.jitney.testing.DBusDaemonExtension;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each benchmark client, a few iterations of every workload against the echo service on a
 * private bus: the replies and ticks must be right. Correctness only — nothing here is timed.
 */
class BenchClientsSmokeTest {
    @RegisterExtension
    static DBusDaemonExtension bus = new DBusDaemonExtension();

    private static EchoService service;
    private static Thread serviceThread;

    @BeforeAll
    static void startService() {
        service = EchoService.start(bus.unixPathAddress());
        serviceThread = Thread.ofPlatform().name("echo-service").start(service::run);
    }

    @AfterAll
    static void stopService() throws InterruptedException {
        service.close();
        serviceThread.join(10_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jitney-blocking", "jitney-threading", "jitney-async", "dbus-java"})
    void everyWorkloadGivesCorrectResults(String peer) throws Exception {
        try (BenchClient client = Driver.open(peer, bus.unixPathAddress())) {
            assertThat(client.echo("hello")).isEqualTo("hello");
            assertThat(client.echo("ünïcødé ✓")).isEqualTo("ünïcødé ✓");
            byte[] data = Arrays.copyOf(Driver.MIB, Driver.MIB.length);
            assertThat(client.echoBytes(data)).isEqualTo(data);
            assertThat(client.echoBytes(new byte[0])).isEmpty();
            // ticks() checks each tick's number and text itself and throws on a wrong or missing one
            assertThat(client.ticks(500)).isPositive();
            assertThat(client.ticks(1)).isPositive();
            assertThat(client.concurrent(64, System.nanoTime() + 50_000_000L)).isGreaterThanOrEqualTo(64);
            for (String payload : new String[] {"M1", "M2", "M3"}) {
                Runnable op = client.marshal(payload);
                assertThat(op).as(payload).isNotNull();
                op.run();
            }

            var driver = new Driver(client);
            assertThat(driver.run("E1 0.05")).startsWith("OK calls=").contains("p50us=", "p99us=");
            assertThat(driver.run("E2 0.01")).startsWith("OK calls=");
            assertThat(driver.run("E3 200")).startsWith("OK signals=200 ");
            assertThat(driver.run("E4 0.05 64")).startsWith("OK calls=");
            assertThat(driver.run("M M1 0.01")).startsWith("OK ops=");
            assertThat(driver.run("ALLOC 20")).startsWith("OK bytes=");
            assertThat(driver.run("NOPE")).startsWith("ERR ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"M1", "M2", "M3"})
    void jitneyMarshalRoundTripsThePayload(String payload) {
        var message = JitneyMarshal.payload(payload);
        var parser = new io.jitney.message.MessageParser();
        parser.feed(new io.jitney.message.MessageWriter().write(message, 1));
        assertThat(parser.next().body()).isEqualTo(message.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"M1", "M2", "M3"})
    void theBuilderMakesThePayloadsBytesAgainEachTime(String payload) {
        var built = JitneyMarshal.builder(payload);
        Message first = built.get();
        assertThat(first).isNotSameAs(built.get());
        assertThat(first.serialize(1)).isEqualTo(JitneyMarshal.payload(payload).serialize(1));
    }
}
