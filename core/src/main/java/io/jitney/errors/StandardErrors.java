package io.jitney.errors;

import io.jitney.DBusErrorException;
import io.jitney.message.Message;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The well-known error names of the D-Bus specification and the reference bus
 * ({@code org.freedesktop.DBus.Error.*}), each with its own exception class in this package.
 * {@link DBusErrorException#of(Message)} uses this table, so every integration throws these
 * types; any other error name stays a plain {@link DBusErrorException}. Stateless and
 * thread-safe.
 */
public final class StandardErrors {
    /** The common prefix of the standard error names. */
    public static final String PREFIX = "org.freedesktop.DBus.Error.";

    private static final Map<String, BiFunction<String, Message, DBusErrorException>> BY_NAME = Map.ofEntries(
            Map.entry(FailedException.NAME, FailedException::new),
            Map.entry(NoMemoryException.NAME, NoMemoryException::new),
            Map.entry(ServiceUnknownException.NAME, ServiceUnknownException::new),
            Map.entry(NameHasNoOwnerException.NAME, NameHasNoOwnerException::new),
            Map.entry(NoReplyException.NAME, NoReplyException::new),
            Map.entry(IOErrorException.NAME, IOErrorException::new),
            Map.entry(BadAddressException.NAME, BadAddressException::new),
            Map.entry(NotSupportedException.NAME, NotSupportedException::new),
            Map.entry(LimitsExceededException.NAME, LimitsExceededException::new),
            Map.entry(AccessDeniedException.NAME, AccessDeniedException::new),
            Map.entry(AuthFailedException.NAME, AuthFailedException::new),
            Map.entry(NoServerException.NAME, NoServerException::new),
            Map.entry(TimeoutErrorException.NAME, TimeoutErrorException::new),
            Map.entry(NoNetworkException.NAME, NoNetworkException::new),
            Map.entry(AddressInUseException.NAME, AddressInUseException::new),
            Map.entry(DisconnectedException.NAME, DisconnectedException::new),
            Map.entry(InvalidArgsException.NAME, InvalidArgsException::new),
            Map.entry(FileNotFoundErrorException.NAME, FileNotFoundErrorException::new),
            Map.entry(FileExistsException.NAME, FileExistsException::new),
            Map.entry(UnknownMethodException.NAME, UnknownMethodException::new),
            Map.entry(UnknownObjectException.NAME, UnknownObjectException::new),
            Map.entry(UnknownInterfaceException.NAME, UnknownInterfaceException::new),
            Map.entry(UnknownPropertyException.NAME, UnknownPropertyException::new),
            Map.entry(PropertyReadOnlyException.NAME, PropertyReadOnlyException::new),
            Map.entry(TimedOutException.NAME, TimedOutException::new),
            Map.entry(MatchRuleNotFoundException.NAME, MatchRuleNotFoundException::new),
            Map.entry(MatchRuleInvalidException.NAME, MatchRuleInvalidException::new),
            Map.entry(SpawnExecFailedException.NAME, SpawnExecFailedException::new),
            Map.entry(SpawnForkFailedException.NAME, SpawnForkFailedException::new),
            Map.entry(SpawnChildExitedException.NAME, SpawnChildExitedException::new),
            Map.entry(SpawnChildSignaledException.NAME, SpawnChildSignaledException::new),
            Map.entry(SpawnFailedException.NAME, SpawnFailedException::new),
            Map.entry(SpawnFailedToSetupException.NAME, SpawnFailedToSetupException::new),
            Map.entry(SpawnConfigInvalidException.NAME, SpawnConfigInvalidException::new),
            Map.entry(SpawnServiceNotValidException.NAME, SpawnServiceNotValidException::new),
            Map.entry(SpawnServiceNotFoundException.NAME, SpawnServiceNotFoundException::new),
            Map.entry(SpawnPermissionsInvalidException.NAME, SpawnPermissionsInvalidException::new),
            Map.entry(SpawnFileInvalidException.NAME, SpawnFileInvalidException::new),
            Map.entry(SpawnNoMemoryException.NAME, SpawnNoMemoryException::new),
            Map.entry(UnixProcessIdUnknownException.NAME, UnixProcessIdUnknownException::new),
            Map.entry(InvalidSignatureException.NAME, InvalidSignatureException::new),
            Map.entry(InvalidFileContentException.NAME, InvalidFileContentException::new),
            Map.entry(SELinuxSecurityContextUnknownException.NAME, SELinuxSecurityContextUnknownException::new),
            Map.entry(AdtAuditDataUnknownException.NAME, AdtAuditDataUnknownException::new),
            Map.entry(ObjectPathInUseException.NAME, ObjectPathInUseException::new),
            Map.entry(InconsistentMessageException.NAME, InconsistentMessageException::new),
            Map.entry(InteractiveAuthorizationRequiredException.NAME, InteractiveAuthorizationRequiredException::new),
            Map.entry(NotContainerException.NAME, NotContainerException::new)
    );

    private StandardErrors() {}

    /**
     * The exception of the standard type for {@code errorName}, or {@code null} if the name is
     * not one of the standard ones.
     */
    public static DBusErrorException create(String errorName, String errorText, Message reply) {
        var factory = BY_NAME.get(errorName);
        return factory == null ? null : factory.apply(errorText, reply);
    }

    /** True if {@code errorName} has its own exception class here. */
    public static boolean isStandard(String errorName) {
        return BY_NAME.containsKey(errorName);
    }

    /** Every standard error name with its own exception class. */
    public static Set<String> names() {
        return BY_NAME.keySet();
    }
}
