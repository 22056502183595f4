/**
 * The async integration: {@link io.jitney.io.async.AsyncConnection} and
 * {@link io.jitney.io.async.AsyncRouter}, built on {@link java.util.concurrent.CompletableFuture}
 * and {@link java.util.concurrent.Flow}.
 *
 * <p><b>Threads.</b> No caller thread ever blocks inside this API. Each connection uses exactly
 * three threads of its own: a reader (reads and routes messages), a writer (writes them, so a
 * full socket never blocks a caller), and a delivery thread (completes futures and calls
 * subscribers, so user code never runs on the reader). Nothing creates a thread per call.
 * Callbacks attached to returned futures run on the delivery thread: keep them short, or move
 * work elsewhere with the {@code ...Async} variants of {@code CompletableFuture}.
 */
package io.jitney.io.async;
