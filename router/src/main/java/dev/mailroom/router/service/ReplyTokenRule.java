package dev.mailroom.router.service;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.mailroom.mail.token.ReplyToken;
import dev.mailroom.contract.Route;

/**
 * Signed reply routing: a valid {@link ReplyToken} in In-Reply-To, then References (newest first), routes the
 * message to the exact instance that sent the original, even when the recipient lost its plus-tag. A token is
 * honoured only when it verifies (key, MAC in constant time, domain of the recipient, correspondent = the reply's
 * sender, age) and names the class the recipient's address belongs to; otherwise it is refused with the reason
 * and address routing decides, unverified.
 */
public final class ReplyTokenRule implements RoutingRule {

    private final ReplyToken.Keys keys;
    private final Duration maxAge;
    private final boolean acceptUnbound;
    private final Clock clock;

    public ReplyTokenRule(ReplyToken.Keys keys, Duration maxAge, boolean acceptUnbound, Clock clock) {
        this.keys = keys;
        this.maxAge = maxAge;
        this.acceptUnbound = acceptUnbound;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "reply-token";
    }

    @Override
    public RuleOutcome apply(RoutingInput input) {
        if (input.message() == null) {
            return RuleOutcome.pass();
        }
        List<String> candidates = new ArrayList<>(input.message().inReplyTo());
        List<String> references = new ArrayList<>(input.message().references());
        java.util.Collections.reverse(references);
        candidates.addAll(references);
        String firstRefusal = null;
        for (String id : candidates) {
            if (!ReplyToken.looksLikeToken(id)) {
                continue;
            }
            ReplyToken.Verification v = ReplyToken.verify(keys, id, input.recipient().domain(), input.sender(),
                    clock.instant(), maxAge, acceptUnbound);
            if (v instanceof ReplyToken.Verification.Valid valid) {
                if (input.addressClass().isPresent() && input.addressClass().get().equals(valid.agent().className())) {
                    return new RuleOutcome.Decided(new Resolution.Routed(valid.agent(),
                            new Route(Route.BY_REPLY_TOKEN, true, null), name()));
                }
                firstRefusal = firstRefusal != null ? firstRefusal : "class-mismatch";
            } else if (v instanceof ReplyToken.Verification.Invalid invalid && firstRefusal == null) {
                firstRefusal = invalid.reason();
            }
        }
        return firstRefusal == null ? RuleOutcome.pass() : new RuleOutcome.Refused(name() + ": " + firstRefusal);
    }
}
