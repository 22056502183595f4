/** Jitney for Project Reactor: {@code Mono} replies and {@code Flux} messages. */
module io.jitney.reactor {
    requires transitive io.jitney.core;
    requires transitive reactor.core;
    requires transitive org.reactivestreams;

    exports io.jitney.reactor;
}
