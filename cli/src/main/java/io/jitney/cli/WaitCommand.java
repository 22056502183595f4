package io.jitney.cli;

import io.jitney.DBusException;
import io.jitney.DBusTimeoutException;
import io.jitney.message.Message;
import io.jitney.message.MessageType;
import io.jitney.routing.MatchRule;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jitney wait DEST PATH IFACE SIGNAL}: subscribes to one signal, prints the first one that
 * arrives (as {@code call} prints a reply) and exits 0; with {@code --timeout}, gives up after it.
 */
@Command(name = "wait", description = "Wait for a signal and print it; forever unless --timeout is given.")
final class WaitCommand implements Callable<Integer> {
    private static final Duration FOREVER = Duration.ofDays(36_500);

    @ParentCommand
    Jitney root;

    @Parameters(index = "0", paramLabel = "DEST", description = "The sender's bus name.")
    String sender;

    @Parameters(index = "1", paramLabel = "PATH")
    String path;

    @Parameters(index = "2", paramLabel = "IFACE")
    String iface;

    @Parameters(index = "3", paramLabel = "SIGNAL")
    String signal;

    @Override
    public Integer call() {
        Names.service(sender);
        Names.path(path);
        Names.iface(iface);
        Names.member(signal);
        var rule = MatchRule.builder().type(MessageType.SIGNAL).sender(sender).path(path).interfaceName(iface)
                .member(signal).build();
        Duration timeout = root.explicitTimeout();
        Duration wait = timeout == null || timeout.isZero() ? FOREVER : timeout;
        try (var conn = root.connect(); var filter = conn.subscribe(rule, 16)) {
            Message m;
            try {
                m = filter.receive(wait);
            } catch (DBusTimeoutException e) {
                throw new CliException("Timed out waiting for signal " + iface + "." + signal + " on " + path
                        + " from " + sender + ".", e);
            }
            Output.body(root, m.signature(), m.body());
            m.closeUnixFds();
        } catch (DBusException e) {
            throw new CliException("Failed to wait for signal: " + BusctlErrors.describe(e), e);
        }
        return 0;
    }
}
