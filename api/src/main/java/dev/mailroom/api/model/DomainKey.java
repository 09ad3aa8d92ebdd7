package dev.mailroom.api.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A DKIM key of a stored domain; the private key is sealed under the master key. */
@Entity
@Table(name = "dkim_key")
public class DomainKey {

    public static final String ACTIVE = "active";
    public static final String RETIRING = "retiring";
    public static final String RETIRED = "retired";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String domain;

    @Column(nullable = false)
    public String selector;

    /** {@code rsa-sha256} or {@code ed25519-sha256}. */
    @Column(nullable = false)
    public String algorithm;

    /** Sealed PKCS#8 ({@code v1:...}); empty once retired. */
    @Column(name = "private_key", nullable = false)
    public String privateKey;

    /** The TXT value to publish at {@code <selector>._domainkey.<domain>}. */
    @Column(name = "public_record", nullable = false)
    public String publicRecord;

    /** {@link #ACTIVE}, {@link #RETIRING} or {@link #RETIRED}. */
    @Column(nullable = false)
    public String status;

    /** When a verification first found the record in DNS; null when it was not found (or no longer). */
    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "retiring_at")
    public Instant retiringAt;

    @Column(name = "retired_at")
    public Instant retiredAt;

    /** The sealing context: binds the sealed key to its domain and selector. */
    public static String sealContext(String domain, String selector) {
        return dev.mailroom.mail.dkim.SealedDkimKeys.context(domain, selector);
    }
}
