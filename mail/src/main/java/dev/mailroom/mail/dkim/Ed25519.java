package dev.mailroom.mail.dkim;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Ed25519 beyond what the JDK offers: public key derivation from the 32-byte private key (RFC 8032 §5.1.5; only
 * used when loading a key, never on secret-dependent hot paths, so plain BigInteger arithmetic is enough), and
 * signing through Bouncy Castle's RFC 8032 code, which takes ~0.15 ms per signature where the JDK's {@code Ed25519}
 * {@link java.security.Signature} takes ~0.8 ms (on this project's 2-core machines; one signature per message and
 * Ed25519 key). Ed25519 signatures are deterministic: both give the same bytes ({@code Ed25519SigningTest}).
 */
final class Ed25519 {

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final BigInteger BASE_X = new BigInteger(
            "15112221349535400772501151409588531511454012693041857206046113283949847762202");
    private static final BigInteger BASE_Y = new BigInteger(
            "46316835694926478169428394003475163141307993866256225615783033603165251855960");

    private Ed25519() {
    }

    /**
     * The Ed25519 signature of {@code message} with {@code key}'s private key, or null when the key does not expose
     * its 32-byte seed (e.g. a key held by a hardware module: the caller then signs through the JDK's provider).
     */
    static byte[] sign(DkimKey key, byte[] message) {
        byte[] seed = ((java.security.interfaces.EdECPrivateKey) key.privateKey()).getBytes().orElse(null);
        if (seed == null || seed.length != 32) {
            return null;
        }
        byte[] signature = new byte[org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE];
        // the public key was checked against the seed when the DkimKey was made
        byte[] publicKey = key.ed25519PublicKey();
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
        java.util.Arrays.fill(seed, (byte) 0);
        return signature;
    }

    /** The raw 32-byte public key of the raw 32-byte private key (seed). */
    static byte[] publicKey(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 private key has 32 bytes, not " + seed.length);
        }
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-512").digest(seed);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        h[0] &= (byte) 248;
        h[31] &= 127;
        h[31] |= 64;
        BigInteger s = littleEndian(h, 32);
        BigInteger[] base = {BASE_X, BASE_Y, BigInteger.ONE, BASE_X.multiply(BASE_Y).mod(P)};
        BigInteger[] a = {BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO};
        for (int i = s.bitLength() - 1; i >= 0; i--) {
            a = add(a, a);
            if (s.testBit(i)) {
                a = add(a, base);
            }
        }
        BigInteger zInv = a[2].modInverse(P);
        BigInteger x = a[0].multiply(zInv).mod(P);
        BigInteger y = a[1].multiply(zInv).mod(P);
        byte[] out = new byte[32];
        byte[] yBytes = y.toByteArray(); // big-endian, maybe with a leading zero byte
        for (int i = 0; i < 32 && i < yBytes.length; i++) {
            out[i] = yBytes[yBytes.length - 1 - i];
        }
        if (x.testBit(0)) {
            out[31] |= (byte) 0x80;
        }
        return out;
    }

    /** Point addition in extended coordinates (X, Y, Z, T), RFC 8032 §5.1.4; also correct for doubling. */
    private static BigInteger[] add(BigInteger[] p, BigInteger[] q) {
        BigInteger a = p[1].subtract(p[0]).multiply(q[1].subtract(q[0])).mod(P);
        BigInteger b = p[1].add(p[0]).multiply(q[1].add(q[0])).mod(P);
        BigInteger c = p[3].multiply(BigInteger.TWO).multiply(D).multiply(q[3]).mod(P);
        BigInteger d = p[2].multiply(BigInteger.TWO).multiply(q[2]).mod(P);
        BigInteger e = b.subtract(a);
        BigInteger f = d.subtract(c);
        BigInteger g = d.add(c);
        BigInteger h = b.add(a);
        return new BigInteger[] {e.multiply(f).mod(P), g.multiply(h).mod(P), f.multiply(g).mod(P),
                e.multiply(h).mod(P)};
    }

    private static BigInteger littleEndian(byte[] bytes, int length) {
        byte[] be = new byte[length + 1]; // leading zero keeps it positive
        for (int i = 0; i < length; i++) {
            be[length - i] = bytes[i];
        }
        return new BigInteger(be);
    }
}
