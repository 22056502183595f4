package io.jitney.internal.unix;

/** The peer's process, user and group id as the kernel recorded them at connect time ({@code SO_PEERCRED}). */
public record PeerCredentials(int pid, int uid, int gid) {}
