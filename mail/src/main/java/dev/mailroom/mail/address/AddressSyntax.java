package dev.mailroom.mail.address;

import java.net.IDN;

/**
 * addr-spec validation (RFC 5321/5322 with RFC 6531/6532 UTF-8 local parts) and the envelope form (domain as
 * A-labels). Problems come back as short texts ("local part is longer than 64 octets") for API and SMTP replies.
 */
public final class AddressSyntax {

    public static final int MAX_ADDRESS = 254;
    public static final int MAX_LOCAL = 64;
    public static final int MAX_DOMAIN = 253;

    private AddressSyntax() {
    }

    /**
     * The check at SMTP {@code RCPT TO} (a forward path without its angle brackets): local part and domain not
     * empty, no space, control character or DEL. Deliberately lenient: the full addr-spec rules are {@link #problem}.
     */
    public static boolean isForwardPath(String address) {
        return AddrSpec.split(address).isPresent() && address.chars().noneMatch(c -> c < 0x21 || c == 0x7f);
    }

    /** Why {@code address} is not a sane addr-spec, or null. */
    public static String problem(String address) {
        String p = HeaderText.headerProblem(address, false);
        if (p != null) {
            return p;
        }
        if (address.isEmpty()) {
            return "is required";
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return "must be local-part@domain";
        }
        String local = address.substring(0, at);
        p = localProblem(local);
        if (p != null) {
            return p;
        }
        if (HeaderText.utf8Length(local) > MAX_LOCAL) {
            return "local part is longer than " + MAX_LOCAL + " octets";
        }
        String domain;
        try {
            domain = asciiDomain(address.substring(at + 1));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (HeaderText.utf8Length(local) + 1 + domain.length() > MAX_ADDRESS) {
            return "is longer than " + MAX_ADDRESS + " octets";
        }
        return null;
    }

    /** The address with its domain as A-labels; the local part unchanged. {@code address} must be valid. */
    public static String envelope(String address) {
        String p = problem(address);
        if (p != null) {
            throw new IllegalArgumentException("address " + p);
        }
        int at = address.lastIndexOf('@');
        return address.substring(0, at) + "@" + asciiDomain(address.substring(at + 1));
    }

    /** Whether the local part has non-ASCII characters (RFC 6531 SMTPUTF8 is needed to send to or from it). */
    public static boolean needsSmtpUtf8(String address) {
        int at = address.lastIndexOf('@');
        return !HeaderText.isAscii(at < 0 ? address : address.substring(0, at));
    }

    private static String localProblem(String local) {
        if (local.startsWith("\"")) {
            if (local.length() < 3 || !local.endsWith("\"")) {
                return "local part is an empty or unterminated quoted string";
            }
            String inner = local.substring(1, local.length() - 1);
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\') {
                    if (i + 1 == inner.length()) {
                        return "local part is an unterminated quoted string";
                    }
                    i++;
                } else if (c == '"') {
                    return "local part has an unescaped quote";
                } else if (c >= 0x80 && !unicodeLocalChar(c)) {
                    return "local part has a character not allowed in an address";
                }
            }
            return null;
        }
        for (String atom : local.split("\\.", -1)) {
            if (atom.isEmpty()) {
                return "local part has an empty dot-separated element";
            }
            for (int i = 0; i < atom.length(); i++) {
                char c = atom.charAt(i);
                if (c < 0x80 ? !HeaderText.isAtext(c) : !unicodeLocalChar(c)) {
                    return "local part has a character not allowed in an address (quote it)";
                }
            }
        }
        return null;
    }

    /** UTF-8 in a local part (RFC 6532): anything but C1 controls and white space. */
    private static boolean unicodeLocalChar(char c) {
        return !(c < 0xa0 || Character.isWhitespace(c) || Character.isSpaceChar(c));
    }

    /**
     * The domain as LDH labels: a non-ASCII domain through {@link IDN#toASCII(String, int)} (IDNA 2003, STD3
     * rules). Throws {@link IllegalArgumentException} with the problem as message.
     */
    public static String asciiDomain(String domain) {
        if (domain.startsWith("[")) {
            throw new IllegalArgumentException("domain must be a host name (address literals are not accepted)");
        }
        String ascii = domain;
        if (!HeaderText.isAscii(domain)) {
            try {
                ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("domain is not a valid internationalized domain name");
            }
        }
        if (ascii.length() > MAX_DOMAIN) {
            throw new IllegalArgumentException("domain is longer than " + MAX_DOMAIN + " octets");
        }
        for (String label : ascii.split("\\.", -1)) {
            if (label.isEmpty()) {
                throw new IllegalArgumentException("domain has an empty label");
            }
            if (label.length() > 63) {
                throw new IllegalArgumentException("domain has a label longer than 63 octets");
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                throw new IllegalArgumentException("domain has a label that starts or ends with a hyphen");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                    throw new IllegalArgumentException("domain has a character not allowed in a host name");
                }
            }
        }
        return ascii;
    }
}
