package io.jitney.routing;

/**
 * Answers "which connection owns this well-known name now?", so that a {@link MatchRule} whose
 * {@code sender} (or {@code destination}) is a well-known name can be evaluated locally against
 * messages that the bus stamps with the owner's <em>unique</em> name.
 *
 * <p>{@link NameOwnerTracker} is the implementation a connection keeps up to date; a lambda or
 * a fixed map will do in tests. Implementations must be safe to call from any thread.
 */
@FunctionalInterface
public interface NameOwners {
    /** Knows no owners: a rule's well-known {@code sender} then matches only a literally equal sender. */
    NameOwners NONE = name -> null;

    /**
     * The unique name ({@code :1.42}) of the primary owner of {@code wellKnownName}, or
     * {@code null} if it has no owner or the owner is not known.
     */
    String uniqueOwnerOf(String wellKnownName);
}
