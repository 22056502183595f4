/**
 * Message generators, as in Jeepney: classes whose methods <em>build</em> the method calls of
 * one remote interface and do no I/O. {@link io.jitney.bus.MessageBus} for the bus's own
 * {@code org.freedesktop.DBus}, {@link io.jitney.bus.Monitoring} and
 * {@link io.jitney.bus.DebugStats} for its optional interfaces, and the standard interfaces of
 * any object: {@link io.jitney.bus.Properties}, {@link io.jitney.bus.Introspectable},
 * {@link io.jitney.bus.Peer}, {@link io.jitney.bus.ObjectManager}. {@link io.jitney.bus.Replies}
 * and the reply-code enums read typed results out of the replies.
 */
package io.jitney.bus;
