/** See the module documentation. */
package io.jitney.internal.transport;
