package dev.mailroom.platform.crypto;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.mailroom.mail.crypto.MasterKey;

/**
 * The configured master key ({@code mailroom.deliverability.master-key}, env
 * {@code MAILROOM_DELIVERABILITY_MASTER_KEY}: 32 random bytes in base64), parsed once when first used: a malformed
 * value fails the bean's creation (services that need it call {@link #key()} at start, so a bad key stops the start).
 * The api seals DKIM private keys and TSIG secrets with it; egress-sender opens the DKIM keys it reads from
 * {@code mailroom.domains} (ADR 0033). Absent: the api cannot create or rotate keys, egress cannot sign with stored
 * keys.
 */
@ApplicationScoped
public class MasterKeys {

    private static final Logger LOG = Logger.getLogger(MasterKeys.class);

    private final Optional<MasterKey> key;

    public MasterKeys(@ConfigProperty(name = "mailroom.deliverability.master-key") Optional<String> configured) {
        this.key = configured.filter(s -> !s.isBlank()).map(MasterKey::parse);
        if (key.isEmpty()) {
            LOG.info("no mailroom.deliverability.master-key configured: DKIM keys of the domain store can be neither"
                    + " made nor used");
        }
    }

    public Optional<MasterKey> key() {
        return key;
    }
}
