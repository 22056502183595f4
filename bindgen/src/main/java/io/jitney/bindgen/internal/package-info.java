/** Bindgen's implementation: naming rules, Java type mapping and the source emitter. Not API. */
package io.jitney.bindgen.internal;
