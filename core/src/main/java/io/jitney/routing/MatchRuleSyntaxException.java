package io.jitney.routing;

/**
 * A match rule text could not be parsed: bad syntax (a key without {@code =}, an unterminated
 * quote, a duplicate or unknown key) or a value that is not valid for its key (an invalid bus
 * name, an object path with a trailing {@code /}, {@code arg64}, ...).
 *
 * <p>Carries the text, the position (0-based character index) at which the problem was found
 * and the problem alone, so that a caller can point at it. It is an
 * {@link IllegalArgumentException} because a match rule is the caller's input; a bus refusing
 * a rule is reported by the bus as {@code org.freedesktop.DBus.Error.MatchRuleInvalid}.
 */
public final class MatchRuleSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED = 200;

    private final String rule;
    private final int position;
    private final String problem;

    public MatchRuleSyntaxException(String rule, int position, String problem) {
        super(format(rule, position, problem));
        this.rule = rule;
        this.position = position;
        this.problem = problem;
    }

    private static String format(String rule, int position, String problem) {
        String shown = rule.length() > MAX_QUOTED ? rule.substring(0, MAX_QUOTED) + "..." : rule;
        return "invalid match rule at position " + position + ": " + problem + " in \"" + shown + "\"";
    }

    /** The rule text that was being parsed. */
    public String rule() {
        return rule;
    }

    /** The 0-based index in {@link #rule()} at which the problem was found. */
    public int position() {
        return position;
    }

    /** The problem, without the position or the rule text. */
    public String problem() {
        return problem;
    }
}
