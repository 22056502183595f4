/**
 * Message generators, proxies and typed interfaces.
 *
 * <p>A <em>message generator</em> ({@link io.jitney.proxy.MessageGenerator}) is a class whose
 * methods build messages for one remote interface — no I/O. A <em>proxy</em> sends what a
 * generator builds through a connection or router and returns the reply body: one per
 * integration, {@link io.jitney.proxy.BlockingProxy}, {@link io.jitney.proxy.ThreadedProxy},
 * {@link io.jitney.proxy.AsyncProxy} (and {@code ReactorProxy} in {@code jitney-reactor}).
 *
 * <p>A <em>typed interface</em> is a Java interface annotated with
 * {@link io.jitney.proxy.DBusInterface} whose methods, properties and signals map to D-Bus
 * members; {@link io.jitney.proxy.TypedProxies} creates a proxy implementing it over any
 * integration, and {@link io.jitney.proxy.TypedProxy#of} gives its signals.
 *
 * <h2>Java types and D-Bus types</h2>
 * Each parameter, return value, property and record component has a D-Bus type: the one its
 * {@link io.jitney.proxy.DBusType} says, or else the default of its Java type (the first in each
 * row). The Java type must be able to carry it; anything else fails when the proxy is created.
 * <table>
 * <caption>The Java types that carry each D-Bus type</caption>
 * <tr><th>Java</th><th>D-Bus types it carries</th></tr>
 * <tr><td>{@code boolean}, {@code Boolean}</td><td>{@code b}</td></tr>
 * <tr><td>{@code byte}, {@code Byte}</td><td>{@code y}</td></tr>
 * <tr><td>{@code short}, {@code Short}</td><td>{@code n}, {@code y}</td></tr>
 * <tr><td>{@code int}, {@code Integer}</td><td>{@code i}, {@code y}, {@code n}, {@code q}</td></tr>
 * <tr><td>{@code long}, {@code Long}</td><td>{@code x}, {@code y}, {@code n}, {@code q},
 *     {@code i}, {@code u}, {@code t} (the unsigned bits, as {@link java.lang.Long#toUnsignedString}
 *     reads them)</td></tr>
 * <tr><td>{@code BigInteger}</td><td>{@code t}, {@code x} (no default: annotate it)</td></tr>
 * <tr><td>{@code double}, {@code Double}</td><td>{@code d}</td></tr>
 * <tr><td>{@code String}</td><td>{@code s}, {@code o}, {@code g}</td></tr>
 * <tr><td>{@code ObjectPath}, {@code Signature}, {@code Variant}, {@code UnixFd}</td>
 *     <td>{@code o}, {@code g}, {@code v}, {@code h}</td></tr>
 * <tr><td>{@code byte[]}</td><td>{@code ay}</td></tr>
 * <tr><td>{@code short[]}, {@code int[]}, {@code long[]}, {@code double[]},
 *     {@code boolean[]}</td><td>{@code an}; {@code ai}, {@code an}, {@code aq}; {@code ax},
 *     {@code au}, {@code at}; {@code ad}; {@code ab}</td></tr>
 * <tr><td>{@code List<E>}</td><td>{@code a}E, E by these rules ({@code List<Byte>} carries
 *     {@code ay} too)</td></tr>
 * <tr><td>{@code Map<K, V>}</td><td>{@code a{KV}}, K a basic type; insertion-ordered when
 *     read</td></tr>
 * <tr><td>a {@code record}</td><td>a struct of its components in order; each component may have
 *     its own {@code @DBusType}; records nest</td></tr>
 * <tr><td>{@code Struct}, {@code Object}</td><td>any struct, any type: only with
 *     {@code @DBusType}, and with the values as the wire reads them</td></tr>
 * </table>
 * An annotation on a container describes its elements too: {@code @DBusType("a{su}")
 * Map<String, Long>}. There is no {@code null} in D-Bus, so no {@code Optional}; {@code float},
 * {@code char} and enums do not map. Replies are converted to the declared types recursively
 * (a struct to its record through the canonical constructor, {@code u} to {@code long}, lists
 * and maps element by element, fixed-width arrays to primitive arrays).
 *
 * <h2>Methods</h2>
 * The in signature is the parameters' types in order. The out signature is
 * {@link io.jitney.proxy.DBusMethod#out()}, or else the return type's D-Bus type (none for
 * {@code void}); several out values need a record with one component per value (or
 * {@code List<Object>} for the body as it is). {@code CompletableFuture<X>} and
 * {@code CompletionStage<X>} (and the types of {@link io.jitney.proxy.ReturnAdapter}s) are
 * mapped as {@code X} and return at once. JPMS: records and interfaces must be accessible to
 * reflection from {@code io.jitney.core} (open their package to it, or leave them in the
 * unnamed module).
 */
package io.jitney.proxy;
