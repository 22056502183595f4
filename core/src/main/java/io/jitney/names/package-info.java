/** See the module documentation. */
package io.jitney.names;
