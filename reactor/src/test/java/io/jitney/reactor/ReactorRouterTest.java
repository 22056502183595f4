package io.jitney.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitney.ConnectionClosedException;
import io.jitney.DBusErrorException;
import io.jitney.message.DBusAddress;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.message.Messages;
import io.jitney.routing.MatchRule;
import io.jitney.testing.DBusDaemonExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class ReactorRouterTest {
    @RegisterExtension
    static final DBusDaemonExtension bus = new DBusDaemonExtension();

    static final Duration T = Duration.ofSeconds(10);

    /** An echo service made of a ReactorConnection: every call is answered with its arguments. */
    static Disposable serve(ReactorConnection service) {
        return service.messages()
                .filter(m -> m.type() == MessageType.METHOD_CALL)
                .concatMap(m -> m.member().equals("Fail")
                        ? service.send(Messages.newError(m, "org.example.Error.Failed", "no"))
                        : m.member().equals("Ignore") ? Mono.<Integer>empty()
                        : service.send(Message.builder(MessageType.METHOD_RETURN).replySerial(m.serial())
                                .destination(m.sender()).body(m.signature(), m.body()).build()))
                .subscribe();
    }

    @Test
    void monoRepliesFluxSignalsAndReactorSemantics() {
        try (var service = ReactorConnection.open(bus.unixPathAddress()).block(T);
                var router = ReactorRouter.open(bus.unixPathAddress()).block(T)) {
            Disposable serving = serve(service);
            var echo = new DBusAddress("/echo", service.uniqueName(), "org.example.Echo");

            // Mono: lazy, one call per subscription
            Mono<Message> call = router.sendAndGetReply(Messages.newMethodCall(echo, "Echo", "s", "hi"));
            assertThat(call.block(T).body()).containsExactly("hi");
            List<Object> many = Flux.range(0, 200)
                    .flatMap(i -> router.sendAndGetReply(Messages.newMethodCall(echo, "Echo", "i", i)), 64)
                    .map(m -> m.body().getFirst())
                    .collectList().block(T);
            assertThat(many).hasSize(200).containsAll(List.of(0, 99, 199));

            // errors arrive as onError with the D-Bus error
            var error = router.sendAndGetReply(Messages.newMethodCall(echo, "Fail", ""))
                    .map(m -> "unexpected").onErrorResume(DBusErrorException.class, e -> Mono.just(e.errorName()))
                    .block(T);
            assertThat(error).isEqualTo("org.example.Error.Failed");

            // timeout() cancels the Mono, which forgets the call
            var timedOut = router.sendAndGetReply(Messages.newMethodCall(echo, "Ignore", ""))
                    .timeout(Duration.ofMillis(100)).map(m -> "reply").onErrorReturn("timed out").block(T);
            assertThat(timedOut).isEqualTo("timed out");

            // Flux of signals with backpressure: take(3) cancels, which removes the match
            var rule = MatchRule.builder().type(MessageType.SIGNAL).interfaceName("org.example.Ticks").build();
            var ticks = router.signals(rule, 16).map(m -> (Integer) m.body().getFirst()).take(3).collectList()
                    .subscribeOn(Schedulers.boundedElastic()).toFuture();
            var source = new DBusAddress("/ticks", null, "org.example.Ticks");
            // Emit until the subscription is live (the match is added asynchronously).
            for (int i = 0; !ticks.isDone() && i < 200; i++) {
                service.send(Messages.newSignal(source, "Tick", "i", i)).block(T);
                sleep(10);
            }
            assertThat(ticks.join()).hasSize(3).isSorted();
            serving.dispose();
        }
    }

    @Test
    void closingErrorsPendingMonosAndFluxes() {
        try (var service = ReactorConnection.open(bus.unixPathAddress()).block(T)) {
            var router = ReactorRouter.open(bus.unixPathAddress()).block(T);
            var echo = new DBusAddress("/echo", service.uniqueName(), "org.example.Echo");
            var pending = router.sendAndGetReply(Messages.newMethodCall(echo, "Ignore", "")).toFuture();
            var flux = router.filter(MatchRule.builder().interfaceName("org.example.None").build(), 4)
                    .collectList().toFuture();
            sleep(200);
            router.close();
            assertThat(pending).failsWithin(T).withThrowableThat().havingCause()
                    .isInstanceOf(ConnectionClosedException.class);
            assertThat(flux).failsWithin(T).withThrowableThat().havingCause()
                    .isInstanceOf(ConnectionClosedException.class);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
