/**
 * The async integration: {@link io.jitney.io.async.AsyncConnection} and
 * {@link io.jitney.io.async.AsyncRouter}, built on {@link java.util.concurrent.CompletableFuture}
 * and {@link java.util.concurrent.Flow}.
 *
 * <p><b>Threads.</b> No caller thread ever blocks inside this API (except in a future's own
 * {@code join()}/{@code get()}). Each connection uses exactly three threads of its own: a reader
 * (reads and routes messages), a writer (writes what cannot be written at once, so a full socket
 * never blocks a caller), and a delivery thread (completes futures and calls subscribers, so user
 * code never runs on the reader). Nothing creates a thread per call. Two shortcuts spare the
 * common case the hops between them: a caller's thread writes its message itself when the socket
 * takes it without waiting (and nothing sent earlier is still queued for the writer); and a
 * platform thread that waits on a reply future with {@code join()} or {@code get()} reads the
 * reply from the socket itself while no other thread is reading, then completes the future.
 * Callbacks attached to returned futures run on the delivery thread — or on the thread that
 * completed the future by waiting for it, or (as with any {@code CompletableFuture}) on the
 * attaching thread if the future is already complete — never on the reader: keep them short, or
 * move work elsewhere with the {@code ...Async} variants.
 *
 * <p><b>File descriptors.</b> A message handed to you (a reply future's value, a subscriber's
 * {@code onNext}, a {@code receive()}) owns its {@link io.jitney.wire.UnixFd}s: close them. What
 * the integration drops — a reply to a call that was cancelled or timed out, messages evicted
 * from a full subscriber buffer or left after cancel, messages still in a connection's inbox at
 * {@code close()} — has its descriptors closed. A descriptor you send must stay open until the
 * {@code send} future completes.
 */
package io.jitney.io.async;
