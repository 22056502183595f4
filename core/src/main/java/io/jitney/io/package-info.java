/** What every integration shares: connection options. */
package io.jitney.io;
