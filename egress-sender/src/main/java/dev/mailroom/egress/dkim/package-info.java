/**
 * DKIM signing of outbound mail: {@code rsa-sha256} (RFC 6376) and {@code ed25519-sha256} (RFC 8463), relaxed/relaxed.
 * {@link dev.mailroom.egress.dkim.DkimKeys} makes and loads {@link dev.mailroom.egress.dkim.DkimKey}s (and their DNS
 * records); {@link dev.mailroom.egress.dkim.DkimSigner} prepends one DKIM-Signature per key. Pure Java, no I/O.
 */
package dev.mailroom.egress.dkim;
