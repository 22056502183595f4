package io.jitney.proxy;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Extension point for the return types of typed-interface methods that core does not know,
 * such as Reactor's {@code Mono} (the {@code jitney-reactor} module provides that one, through
 * {@code ReactorTypedProxies}). A method whose return type is {@link #type()}{@code <X>} is
 * validated as if it returned {@code X}, and runs as {@link #adapt adapt(call)}.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface ReturnAdapter {
    /** The generic return type this adapter produces, e.g. {@code reactor.core.publisher.Mono}. */
    Class<?> type();

    /**
     * The value to return for one invocation. {@code call} starts the D-Bus call each time it
     * is invoked and gives a future of the converted result ({@code null} for a method without
     * a value); a lazy type should invoke it only when consumed.
     */
    Object adapt(Supplier<CompletableFuture<Object>> call);
}
