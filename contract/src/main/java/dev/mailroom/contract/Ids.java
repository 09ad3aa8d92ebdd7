package dev.mailroom.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Identifiers. New ids are time-ordered (12 hex digits of epoch milliseconds, then 16 random hex digits) so they
 * sort by creation and are legal in a Message-ID local part. Derived ids are a hash of their cause, so that
 * processing the same input twice yields the same id and downstream consumers can deduplicate.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private Ids() {
    }

    /** A new unique, time-ordered id, 28 lower-case hex characters. */
    public static String newId() {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return String.format("%012x", System.currentTimeMillis()) + HEX.formatHex(random);
    }

    /** A stable id derived from {@code parts}: 28 lower-case hex characters of SHA-256 over them. */
    public static String derived(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HEX.formatHex(sha.digest(), 0, 14);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
