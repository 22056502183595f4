/**
 * One exception class per well-known D-Bus error name ({@code org.freedesktop.DBus.Error.*}),
 * all subclasses of {@link io.jitney.DBusErrorException}. Every integration throws them for
 * error replies of those names (through {@link io.jitney.DBusErrorException#of}), so a caller can
 * {@code catch (ServiceUnknownException e)} instead of comparing names. The class names follow
 * the error names, with {@code Spawn.} folded in ({@code SpawnExecFailedException}) and three
 * renamed to stay clear of JDK classes that are often imported beside them:
 * {@code Timeout} is {@link io.jitney.errors.TimeoutErrorException}, {@code IOError}
 * {@link io.jitney.errors.IOErrorException}, {@code FileNotFound}
 * {@link io.jitney.errors.FileNotFoundErrorException}.
 */
package io.jitney.errors;
