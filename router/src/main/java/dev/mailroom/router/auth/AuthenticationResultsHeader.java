package dev.mailroom.router.auth;

import java.util.List;
import java.util.regex.Pattern;

import dev.mailroom.contract.Authentication;

/**
 * Formats the body of an {@code Authentication-Results} field (RFC 8601) from the verdicts, e.g.
 * {@code mailroom.localhost; spf=pass smtp.mailfrom=example.org; dkim=pass header.d=example.org header.s=sel
 * header.a=rsa-sha256; dmarc=pass header.from=example.org}. Non-pass verdicts carry their reason as
 * {@code reason="..."}; values that are not tokens are quoted.
 */
public final class AuthenticationResultsHeader {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+\\-.^_`{|}~@]+");

    private AuthenticationResultsHeader() {
    }

    /**
     * @param authservId   the authserv-id
     * @param spf          SPF verdict
     * @param spfIdentity  {@code mailfrom} or {@code helo}: which identity SPF checked
     * @param dkim         DKIM verdicts (empty = {@code dkim=none})
     * @param dmarc        DMARC verdict
     */
    public static String format(String authservId, Authentication.Spf spf, String spfIdentity,
                                List<Authentication.Dkim> dkim, Authentication.Dmarc dmarc) {
        StringBuilder b = new StringBuilder(authservId);
        b.append("; spf=").append(spf.result());
        reason(b, spf.result(), spf.detail());
        if (spf.domain() != null && !spf.domain().isEmpty()) {
            b.append(" smtp.").append(spfIdentity).append('=').append(value(spf.domain()));
        }
        if (dkim.isEmpty()) {
            b.append("; dkim=none");
        }
        for (Authentication.Dkim d : dkim) {
            b.append("; dkim=").append(d.result());
            reason(b, d.result(), d.detail());
            if (d.domain() != null) {
                b.append(" header.d=").append(value(d.domain()));
            }
            if (d.selector() != null) {
                b.append(" header.s=").append(value(d.selector()));
            }
            if (d.algorithm() != null) {
                b.append(" header.a=").append(value(d.algorithm()));
            }
        }
        b.append("; dmarc=").append(dmarc.result());
        if (dmarc.policy() != null) {
            b.append(" (p=").append(dmarc.policy()).append(')');
        }
        if (dmarc.domain() != null) {
            b.append(" header.from=").append(value(dmarc.domain()));
        }
        return b.toString();
    }

    private static void reason(StringBuilder b, String result, String detail) {
        if (detail != null && !detail.isBlank() && !"pass".equals(result)) {
            b.append(" reason=").append(quoted(detail));
        }
    }

    /** A token as is, anything else as a quoted-string (printable ASCII only). */
    static String value(String v) {
        return TOKEN.matcher(v).matches() ? v : quoted(v);
    }

    static String quoted(String v) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                q.append(c);
            } else {
                q.append('?');
            }
        }
        return q.append('"').toString();
    }
}
