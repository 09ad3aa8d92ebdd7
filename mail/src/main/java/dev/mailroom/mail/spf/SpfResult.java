package dev.mailroom.mail.spf;

import java.util.Locale;

/** The results of RFC 7208 check_host() (section 2.6). */
public enum SpfResult {
    PASS, FAIL, SOFTFAIL, NEUTRAL, NONE, TEMPERROR, PERMERROR;

    /** The lower-case keyword used in Authentication-Results and Received-SPF. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The result a qualifier ({@code + - ~ ?}) yields when its mechanism matches. */
    public static SpfResult ofQualifier(char qualifier) {
        return switch (qualifier) {
            case '-' -> FAIL;
            case '~' -> SOFTFAIL;
            case '?' -> NEUTRAL;
            default -> PASS;
        };
    }
}
