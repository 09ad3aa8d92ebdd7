package dev.mailroom.api.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.mailroom.mail.dkim.DkimKey;
import dev.mailroom.api.model.DomainKey;

/**
 * Which stored keys sign a domain's mail: per algorithm, the newest key whose record has been seen in DNS, else the
 * newest active key. So after a rotation the replaced (retiring) key keeps signing until its successor is verified
 * as published, and mail never carries a signature whose record is not yet in DNS when a published one exists.
 * Retired keys never sign.
 */
public final class SigningKeys {

    private static final Comparator<DomainKey> NEWEST_FIRST = Comparator
            .comparing((DomainKey k) -> k.createdAt).thenComparing(k -> k.id == null ? Long.MAX_VALUE : k.id)
            .reversed();

    private SigningKeys() {
    }

    /** The signing keys among {@code keys} (one domain's), Ed25519 first (RFC 8463 §6), then RSA. */
    public static List<DomainKey> choose(List<DomainKey> keys) {
        List<DomainKey> out = new ArrayList<>();
        for (DkimKey.Algorithm algorithm : List.of(DkimKey.Algorithm.ED25519_SHA256, DkimKey.Algorithm.RSA_SHA256)) {
            List<DomainKey> candidates = keys.stream()
                    .filter(k -> algorithm.tag().equals(k.algorithm))
                    .filter(k -> DomainKey.ACTIVE.equals(k.status) || DomainKey.RETIRING.equals(k.status))
                    .sorted(NEWEST_FIRST).toList();
            Optional<DomainKey> published = candidates.stream().filter(k -> k.publishedAt != null).findFirst();
            published.or(() -> candidates.stream().filter(k -> DomainKey.ACTIVE.equals(k.status)).findFirst())
                    .ifPresent(out::add);
        }
        return out;
    }

    /** Whether DKIM is verified: there are signing keys and every one's record was found in DNS. */
    public static boolean verified(List<DomainKey> signing) {
        return !signing.isEmpty() && signing.stream().allMatch(k -> k.publishedAt != null);
    }
}
