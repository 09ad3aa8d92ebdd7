package dev.mailroom.egress.dkim;

import java.util.List;

import dev.mailroom.mail.dkim.DkimKey;

/**
 * Where the DKIM keys that sign a domain's mail come from: {@link ConfiguredDkimKeys} (PEM files named in
 * configuration) and {@link PublishedDkimKeys} (the stored domains' keys, then configured ones).
 * Called from worker threads; never blocks (keys are held in memory).
 */
public interface SigningKeySource {

    /** The keys that sign mail from {@code domain} (any case), ed25519 first; empty when it has none (unsigned). */
    List<DkimKey> keysFor(String domain);
}
