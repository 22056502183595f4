/**
 * Bindgen's entry points: {@link io.jitney.bindgen.Bindgen} (the library API: introspection XML or
 * a live object in, Java source out) and {@link io.jitney.bindgen.BindgenMain} (the command line).
 */
package io.jitney.bindgen;
