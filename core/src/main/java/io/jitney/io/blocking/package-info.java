/** See the module documentation. */
package io.jitney.io.blocking;
