package dev.mailroom.egress.delivery;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mail.token.ReplyToken;
import dev.mailroom.egress.config.ReplyTokenConfig;
import io.quarkus.logging.Log;

/**
 * Message-IDs of outbound mail. Agent mail carries a signed reply token ({@link ReplyToken}) naming the sending
 * instance, bound to the first recipient, issued at the request time (so every attempt of one request has the same
 * Message-ID); other mail, or any mail when no signing key is configured, carries {@code <send id@from-domain>}.
 */
@ApplicationScoped
public class MessageIds {

    private final ReplyToken.Keys keys;
    private final boolean bind;

    public MessageIds(ReplyTokenConfig config) {
        this.keys = config.toKeys();
        this.bind = config.bindCorrespondent();
        if (!keys.canSign()) {
            Log.warn("no reply-token signing key (mailroom.reply-token.signing-key): agent mail is not signed,"
                    + " replies route by address only");
        }
    }

    /** The Message-ID with angle brackets. */
    public String messageId(OutboundRequest request) {
        String domain = request.from().domain().isEmpty() ? "mailroom.localhost" : request.from().domain();
        if (request.agent() != null && keys.canSign()) {
            String correspondent = bind && !request.to().isEmpty() ? request.to().get(0).address() : null;
            Instant issued = request.requestedAt() != null ? request.requestedAt() : Instant.now();
            return "<" + ReplyToken.sign(keys, request.agent(), domain, correspondent, issued) + ">";
        }
        return "<" + request.id() + "@" + domain + ">";
    }
}
