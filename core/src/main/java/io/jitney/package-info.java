/** Jitney's exception hierarchy (all unchecked) and top-level entry points. */
package io.jitney;
