package dev.mailroom.egress.domain;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.egress.config.DeliverabilityConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/**
 * The configured master key ({@code mailroom.deliverability.master-key}), parsed once at start: a malformed value
 * stops the start; an absent one leaves the domain store read-only (creating or rotating keys answers 503).
 */
@Startup
@ApplicationScoped
public class MasterKeys {

    private final Optional<MasterKey> key;

    public MasterKeys(DeliverabilityConfig config) {
        this.key = config.masterKey().filter(s -> !s.isBlank()).map(MasterKey::parse);
        if (key.isEmpty()) {
            Log.info("no mailroom.deliverability.master-key configured: domains cannot be created or rotated");
        }
    }

    public Optional<MasterKey> key() {
        return key;
    }
}
