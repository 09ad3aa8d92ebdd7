package dev.mailroom.platform.page;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;

/**
 * Page tokens and limits of the public API's lists. A token is opaque to clients (base64url of a versioned cursor:
 * the position after the last item returned, e.g. a key or a timestamp and id); a token that does not decode is a
 * {@code 422 invalid-request} naming {@code page_token}. A token grants nothing: every list still filters by the
 * caller's scope, so a forged token reads only what its bearer may read anyway.
 */
public final class PageToken {

    /** Default page size when {@code limit} is absent. */
    public static final int DEFAULT_LIMIT = 50;

    /** Largest page size a client may ask for. */
    public static final int MAX_LIMIT = 200;

    private static final String VERSION = "1:";

    private PageToken() {
    }

    /** The token that resumes after {@code cursor}. */
    public static String encode(String cursor) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + cursor).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor of {@code token}, or null for none (first page); {@code 422} naming page_token when malformed. */
    public static String decode(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(VERSION)) {
                return text.substring(VERSION.length());
            }
        } catch (IllegalArgumentException e) {
            // falls through to the problem below
        }
        throw ApiException.invalid(List.of(new Problem.FieldError("page_token",
                "not a page token of this list: pass next_page_token of the previous page as it was")));
    }

    /**
     * {@code limit} as the client wrote it in the query (taken as text: a framework's failed number conversion would
     * answer 404): {@link #DEFAULT_LIMIT} when absent; {@code 422} naming limit when not a whole number in range.
     */
    public static int limitOf(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            return limit(Integer.valueOf(limit.trim()));
        } catch (NumberFormatException e) {
            throw ApiException.invalid(List.of(new Problem.FieldError("limit", "must be a whole number between 1 and "
                    + MAX_LIMIT)));
        }
    }

    /** {@code limit} checked: {@link #DEFAULT_LIMIT} when null; {@code 422} naming limit outside 1..{@link #MAX_LIMIT}. */
    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid(List.of(new Problem.FieldError("limit",
                    "must be between 1 and " + MAX_LIMIT)));
        }
        return limit;
    }
}
