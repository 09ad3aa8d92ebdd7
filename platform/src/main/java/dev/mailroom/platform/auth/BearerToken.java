package dev.mailroom.platform.auth;

/** The token of an {@code Authorization: Bearer <token>} header. */
public final class BearerToken {

    private BearerToken() {
    }

    /** The token of {@code header} (scheme case-insensitive, blanks around trimmed), or null when it has none. */
    public static String of(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
