/**
 * Routing without I/O: {@link io.jitney.routing.MatchRule} (the spec's match rules, parsed,
 * built, serialized and evaluated locally) and {@link io.jitney.routing.NameOwnerTracker} (who
 * owns which well-known name, so that rules with a well-known sender can be evaluated against
 * messages stamped with unique names). See the spec, "Message Bus Specification", "Match Rules".
 */
package io.jitney.routing;
