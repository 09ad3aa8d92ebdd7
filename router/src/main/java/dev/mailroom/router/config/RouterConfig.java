package dev.mailroom.router.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the router. */
@ConfigMapping(prefix = "mailroom")
public interface RouterConfig {

    /** Domains Mailroom accepts mail for (env {@code MAILROOM_DOMAINS}, comma-separated). */
    @WithDefault("agents.localhost")
    List<String> domains();

    Router router();

    interface Router {
        /** Separator between the address name and the instance in a local part. */
        @WithDefault("+")
        String subaddressSeparator();

        /**
         * Agent class that receives mail for local parts no class of the agent registry claims (env {@code MAILROOM_ROUTER_CATCH_ALL});
         * unset, such mail is dead-lettered.
         */
        Optional<String> catchAll();

        /**
         * What to do with mail whose reply token is present but not honoured (forged, altered, expired, other
         * domain, unknown key): {@code fallback} routes it by address with {@code verified=false};
         * {@code dead-letter} refuses it. Either way an {@code inbound.reply-token-rejected} event names the reason.
         */
        @WithDefault("fallback")
        InvalidTokenPolicy invalidToken();

        /** Compatibility with the Cloudflare Agents SDK's signed {@code X-Agent-*} headers. */
        Cloudflare cloudflare();

        /**
         * Raw records whose routed records may be out at once, sent and not yet acknowledged by Kafka: the router
         * routes the next record while earlier ones' sends travel (in order), and waits only at this bound.
         */
        @WithDefault("256")
        int maxInflight();
    }

    enum InvalidTokenPolicy {
        FALLBACK, DEAD_LETTER
    }

    interface Cloudflare {
        /** The SDK's {@code EMAIL_SECRET}; unset disables the compatibility rule. */
        Optional<String> secret();

        /** How long a signature stays valid (the SDK's default is 30 days). */
        @WithDefault("30d")
        java.time.Duration maxAge();
    }
}
