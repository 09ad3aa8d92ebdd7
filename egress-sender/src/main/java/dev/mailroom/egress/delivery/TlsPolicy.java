package dev.mailroom.egress.delivery;

/** When a session uses STARTTLS (RFC 3207). */
public enum TlsPolicy {
    /** Never, even when offered. */
    NONE,
    /**
     * When offered, accepting any certificate (RFC 7435 opportunistic security). A refused STARTTLS continues in
     * plaintext; a failed handshake is retried once on a new plaintext connection.
     */
    OPPORTUNISTIC,
    /**
     * Always: a server that does not offer STARTTLS, refuses it, or fails the handshake fails the attempt
     * temporarily. The certificate is verified (JDK trust store, host name) unless the endpoint says trustAll.
     */
    REQUIRED
}
