/** Internal: the authenticated message channel every integration is built on. */
package io.jitney.internal.conn;
