/**
 * Message generators, proxies and typed interfaces.
 *
 * <p>A <em>message generator</em> ({@link io.jitney.proxy.MessageGenerator}) is a class whose
 * methods build messages for one remote interface — no I/O. A <em>proxy</em> sends what a
 * generator builds through a connection or router and returns the reply body. A <em>typed
 * interface</em> is a Java interface annotated with {@link io.jitney.proxy.DBusInterface}
 * whose methods, properties and signals map to D-Bus members; a typed proxy implements it.
 */
package io.jitney.proxy;
