package dev.mailroom.mail.dkim;

import java.math.BigInteger;
import java.util.Arrays;

/** A minimal DER reader: just the types found in PKCS#1 and PKCS#8 private keys and PKCS#1 public keys. */
final class Der {

    /** The input is not the DER expected. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    private final byte[] buf;
    private int pos;
    private final int end;

    Der(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private Der(byte[] buf, int pos, int end) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
    }

    /** Reads a SEQUENCE and returns a reader over its contents. */
    Der sequence() throws MalformedException {
        int length = header(0x30, "SEQUENCE");
        Der inner = new Der(buf, pos, pos + length);
        pos += length;
        return inner;
    }

    BigInteger integer() throws MalformedException {
        int length = header(0x02, "INTEGER");
        if (length == 0) {
            throw new MalformedException("empty INTEGER");
        }
        BigInteger value = new BigInteger(buf, pos, length);
        pos += length;
        return value;
    }

    /** Reads an INTEGER as an unsigned magnitude (public key records are read leniently about the sign). */
    BigInteger unsignedInteger() throws MalformedException {
        int length = header(0x02, "INTEGER");
        if (length == 0) {
            throw new MalformedException("empty INTEGER");
        }
        BigInteger value = new BigInteger(1, buf, pos, length);
        pos += length;
        return value;
    }

    /** Whether everything of this reader's data was read. */
    boolean atEnd() {
        return pos == end;
    }

    /** Reads an OBJECT IDENTIFIER and returns its encoded content bytes. */
    byte[] objectIdentifier() throws MalformedException {
        int length = header(0x06, "OBJECT IDENTIFIER");
        byte[] value = Arrays.copyOfRange(buf, pos, pos + length);
        pos += length;
        return value;
    }

    private int header(int tag, String name) throws MalformedException {
        if (pos >= end) {
            throw new MalformedException("expected " + name + ", found the end of the data");
        }
        if ((buf[pos] & 0xff) != tag) {
            throw new MalformedException(String.format("expected %s (tag 0x%02x), found tag 0x%02x", name, tag,
                    buf[pos] & 0xff));
        }
        pos++;
        if (pos >= end) {
            throw new MalformedException("truncated length");
        }
        int first = buf[pos++] & 0xff;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int count = first & 0x7f;
            if (count == 0 || count > 3 || pos + count > end) {
                throw new MalformedException("unsupported length encoding");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (buf[pos++] & 0xff);
            }
        }
        if (length > end - pos) {
            throw new MalformedException(name + " longer than its data");
        }
        return length;
    }
}
