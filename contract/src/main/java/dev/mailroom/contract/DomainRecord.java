package dev.mailroom.contract;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One domain of the domain store, the value of {@link Topics#DOMAINS} (a compacted topic: the latest record per key
 * is the domain's state). Key = {@link #name()}; a record with a null value (a tombstone) means the domain was
 * removed. The api owns the store and writes the records (ADR 0033); ingress-smtp and the router accept mail for
 * every domain whose record says {@link #accepted()}; egress-sender signs the domain's mail with {@link #dkimKeys()}.
 *
 * <p>Version 1 throughout: {@link #maySend()}, {@link #sendRefusal()} and {@link #dkimKeys()} were added later
 * (ADR 0001: fields are added, readers ignore what they do not know); a record written before has them null.
 *
 * @param v           schema version, {@link #VERSION}
 * @param name        the domain, lower-case A-label (IDNA ASCII form), no trailing dot; equals the record key
 * @param accepted    whether ingress accepts mail for it
 * @param updatedAt   when the store last changed the domain
 * @param maySend     whether mail from the domain may be accepted for sending: its DKIM is verified in DNS, or the
 *                    domain does not require it; null in records of an older producer (no opinion)
 * @param sendRefusal why it may not send (the unverified DKIM records and what to do), null when it may
 * @param dkimKeys    the keys that sign its mail now (per algorithm the newest published key, else the newest
 *                    active one), ed25519 first; empty when it has none, null in records of an older producer
 */
public record DomainRecord(int v, String name, boolean accepted, Instant updatedAt, Boolean maySend,
        String sendRefusal, List<DkimKeyRecord> dkimKeys) {

    public static final int VERSION = 1;

    /**
     * A signing key of the domain, never in clear: the private key is sealed under the master key
     * ({@code mailroom.deliverability.master-key}, AES-256-GCM bound to domain and selector, mail's
     * {@code SealedDkimKeys}); only a process given the same master key can sign with it.
     *
     * @param selector         the DKIM selector ({@code s=})
     * @param algorithm        {@code rsa-sha256} or {@code ed25519-sha256}
     * @param sealedPrivateKey the sealed PKCS#8 private key, {@code v1:<base64>}
     * @param publicKey        the public key as its DNS TXT value ({@code v=DKIM1; k=...; p=...}) at
     *                         {@code <selector>._domainkey.<name>}
     */
    public record DkimKeyRecord(String selector, String algorithm, String sealedPrivateKey, String publicKey) {

        public DkimKeyRecord {
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(sealedPrivateKey, "sealedPrivateKey");
        }
    }

    public DomainRecord {
        Objects.requireNonNull(name, "name");
        name = name.toLowerCase(Locale.ROOT);
        dkimKeys = dkimKeys == null ? null : List.copyOf(dkimKeys);
    }

    /** A record with only the fields of the first version (acceptance). */
    public DomainRecord(int v, String name, boolean accepted, Instant updatedAt) {
        this(v, name, accepted, updatedAt, null, null, null);
    }

    public static DomainRecord accepted(String name, Instant updatedAt) {
        return new DomainRecord(VERSION, name, true, updatedAt);
    }

    /** Why mail from this domain may not be sent, or null when it may (also when the record has no opinion). */
    public String refusal() {
        return Boolean.FALSE.equals(maySend)
                ? (sendRefusal != null ? sendRefusal : name + " may not send yet (DKIM not verified)") : null;
    }

    /** The signing keys, empty when the record carries none. */
    public List<DkimKeyRecord> signingKeys() {
        return dkimKeys == null ? List.of() : dkimKeys;
    }
}
