package dev.mailroom.router.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.mailroom.mail.token.ReplyToken;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Reply-token keys (the router verifies with them; egress signs with the same properties). Secrets come from the
 * environment, never from committed files: {@code MAILROOM_REPLY_TOKEN_KEYS_<KID>=<base64, at least 16 bytes>}
 * and {@code MAILROOM_REPLY_TOKEN_SIGNING_KEY=<kid>}. (The same mapping exists in egress-sender: config mappings are
 * per application, and the contract module stays free of framework code.)
 */
@ConfigMapping(prefix = "mailroom.reply-token")
public interface ReplyTokenConfig {

    /** Key id ({@code [a-z0-9]{1,16}}) to base64 secret. Every key verifies. */
    Map<String, String> keys();

    /** The key id that signs new tokens; unset, agent mail carries plain Message-IDs. */
    Optional<String> signingKey();

    /** Unused here (egress signs); declared so both services accept the same property set. */
    @WithDefault("true")
    boolean bindCorrespondent();

    default ReplyToken.Keys toKeys() {
        return ReplyToken.keys(keys(), signingKey().orElse(null));
    }

    /** How long a token routes replies after it was issued. */
    @WithDefault("30d")
    Duration maxAge();

    /** Honour tokens signed without a correspondent (signed with bind-correspondent=false). */
    @WithDefault("false")
    boolean acceptUnbound();
}
