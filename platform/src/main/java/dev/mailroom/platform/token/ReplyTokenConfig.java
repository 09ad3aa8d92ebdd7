package dev.mailroom.platform.token;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.mailroom.mail.token.ReplyToken;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Reply-token keys, one mapping for every service that needs them: agent-host signs the Message-IDs of agent mail
 * with them, the router verifies replies with the same keys (ADR 0005, ADR 0025). Secrets come from the environment,
 * never from committed files: {@code MAILROOM_REPLY_TOKEN_KEYS_<KID>=<base64, at least 16 bytes>} and
 * {@code MAILROOM_REPLY_TOKEN_SIGNING_KEY=<kid>}. Every service reads the whole property set; each uses its part.
 */
@ConfigMapping(prefix = "mailroom.reply-token")
public interface ReplyTokenConfig {

    /** Key id ({@code [a-z0-9]{1,16}}) to base64 secret. Every key verifies. */
    Map<String, String> keys();

    /** The key id that signs new tokens; unset, agent mail carries plain Message-IDs (agent-host). */
    Optional<String> signingKey();

    /** Bind each token to the address the agent wrote to, so a lifted token does not work for another sender. */
    @WithDefault("true")
    boolean bindCorrespondent();

    /** How long a token routes replies after it was issued (router). */
    @WithDefault("30d")
    Duration maxAge();

    /** Honour tokens signed without a correspondent, i.e. with bind-correspondent=false (router). */
    @WithDefault("false")
    boolean acceptUnbound();

    /** The keys, parsed; fails with the reason when one is malformed or the signing key is not among them. */
    default ReplyToken.Keys toKeys() {
        return ReplyToken.keys(keys(), signingKey().orElse(null));
    }
}
