package dev.mailroom.router.service;

/** What one routing rule says about one recipient. */
public sealed interface RuleOutcome {

    /** This rule decides. */
    record Decided(Resolution resolution) implements RuleOutcome {
    }

    /** This rule does not apply; the next one decides. */
    record Pass() implements RuleOutcome {
    }

    /**
     * The message presented a routing credential this rule refuses (e.g. a forged reply token); the next rules
     * decide, and the refusal is recorded with the decision and reported in an event.
     *
     * @param reason e.g. {@code reply-token: bad-signature}
     */
    record Refused(String reason) implements RuleOutcome {
    }

    static RuleOutcome pass() {
        return new Pass();
    }
}
