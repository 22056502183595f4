/**
 * The threading integration: a thread-safe {@link io.jitney.io.threading.ThreadedConnection}
 * and a {@link io.jitney.io.threading.ThreadedRouter} that many threads (platform or virtual)
 * share. Each runs one background reader thread; user code never runs on it.
 */
package io.jitney.io.threading;
