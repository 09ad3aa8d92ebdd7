package dev.mailroom.api.domain;

import java.time.YearMonth;
import java.util.Collection;
import java.util.Locale;

import dev.mailroom.mail.dkim.DkimKey;

/**
 * DKIM selectors of generated keys: dated and typed, {@code mr<yyyyMM>r} (RSA) and {@code mr<yyyyMM>e} (Ed25519), so a
 * record's age and kind show in DNS. A second key of the same kind in the same month gets a counter:
 * {@code mr202611r2}, {@code mr202611r3}...
 */
public final class Selectors {

    private Selectors() {
    }

    /** A selector for a new {@code algorithm} key made in {@code month}, not among {@code taken}. */
    public static String next(YearMonth month, DkimKey.Algorithm algorithm, Collection<String> taken) {
        String base = String.format(Locale.ROOT, "mr%04d%02d%s", month.getYear(), month.getMonthValue(),
                algorithm == DkimKey.Algorithm.RSA_SHA256 ? "r" : "e");
        if (!taken.contains(base)) {
            return base;
        }
        for (int n = 2;; n++) {
            String candidate = base + n;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }
}
