package dev.mailroom.egress.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.mailroom.mail.token.ReplyToken;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Reply-token keys (egress signs with them; the router reads the same properties to verify). Secrets come from the
 * environment, never from committed files: {@code MAILROOM_REPLY_TOKEN_KEYS_<KID>=<base64, at least 16 bytes>}
 * and {@code MAILROOM_REPLY_TOKEN_SIGNING_KEY=<kid>}. (The same mapping exists in the router: config mappings are
 * per application, and the contract module stays free of framework code.)
 */
@ConfigMapping(prefix = "mailroom.reply-token")
public interface ReplyTokenConfig {

    /** Key id ({@code [a-z0-9]{1,16}}) to base64 secret. Every key verifies. */
    Map<String, String> keys();

    /** The key id that signs new tokens; unset, agent mail carries plain Message-IDs. */
    Optional<String> signingKey();

    /** Bind each token to the address the agent wrote to (a lifted token does not work for another sender). */
    @WithDefault("true")
    boolean bindCorrespondent();

    default ReplyToken.Keys toKeys() {
        return ReplyToken.keys(keys(), signingKey().orElse(null));
    }

    /** Unused here; declared so both services accept the same property set. */
    @WithDefault("30d")
    Duration maxAge();

    /** Unused here; declared so both services accept the same property set. */
    @WithDefault("false")
    boolean acceptUnbound();
}
