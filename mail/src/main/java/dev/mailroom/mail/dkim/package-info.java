/**
 * DKIM (RFC 6376, RFC 8463): {@link dev.mailroom.mail.dkim.DkimSigner} signs with {@code rsa-sha256} and
 * {@code ed25519-sha256} {@link dev.mailroom.mail.dkim.DkimKey}s (made and loaded by
 * {@link dev.mailroom.mail.dkim.DkimKeys}); {@link dev.mailroom.mail.dkim.DkimVerifier} verifies every signature of a
 * message against key records found through {@link dev.mailroom.mail.dns.DnsResolver}. Both share one
 * canonicalisation ({@code Canonicalization}) and one tag-list parser ({@link dev.mailroom.mail.dkim.TagList}, DMARC
 * uses it too). Pure Java; signing and verifying are CPU work (and DNS for the verifier): call them off event loops.
 */
package dev.mailroom.mail.dkim;
