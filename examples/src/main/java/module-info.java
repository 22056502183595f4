/**
 * Small programs that show how to use Jitney, each with a {@code main} and a method the tests
 * call against a private bus.
 */
module io.jitney.examples {
    requires io.jitney.core;
    requires io.jitney.reactor;

    exports io.jitney.examples;
    exports io.jitney.examples.notifications;
    // The typed proxies read the generated records and interfaces reflectively.
    opens io.jitney.examples.notifications to io.jitney.core;
}
