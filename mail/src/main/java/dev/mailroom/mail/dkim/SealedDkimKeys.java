package dev.mailroom.mail.dkim;

import java.nio.charset.StandardCharsets;

import dev.mailroom.mail.crypto.MasterKey;

/**
 * DKIM private keys sealed under the master key ({@link MasterKey}): the one form in which a private key is stored
 * (the api's schema) and travels ({@code mailroom.domains}, ADR 0033). The sealed value is PKCS#8 PEM encrypted with
 * AES-256-GCM, bound to {@link #context(String, String) domain and selector}, so a sealed key moved to another
 * domain or selector does not open. The api seals, egress-sender opens; neither ever writes the key in clear.
 */
public final class SealedDkimKeys {

    private SealedDkimKeys() {
    }

    /** The associated data a DKIM key is sealed with: binds it to its domain and selector. */
    public static String context(String domain, String selector) {
        return "mailroom-dkim:" + domain + "/" + selector;
    }

    /** {@code key}'s private half sealed under {@code master} ({@code v1:...}). */
    public static String seal(MasterKey master, DkimKey key) {
        return master.seal(DkimKeys.toPem(key.privateKey()).getBytes(StandardCharsets.US_ASCII),
                context(key.domain(), key.selector()));
    }

    /**
     * The signing key of a sealed private key.
     *
     * @throws MasterKey.SealException when it does not open (another master key, another domain or selector,
     *                                 altered bytes) or does not hold a usable private key
     */
    public static DkimKey open(MasterKey master, String domain, String selector, String sealed)
            throws MasterKey.SealException {
        byte[] pem = master.open(sealed, context(domain, selector));
        try {
            return DkimKeys.fromPem(domain, selector, new String(pem, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new MasterKey.SealException("opens, but holds no usable private key: " + e.getMessage(), e);
        }
    }
}
