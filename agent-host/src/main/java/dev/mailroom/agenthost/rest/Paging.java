package dev.mailroom.agenthost.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import dev.mailroom.platform.page.PageToken;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;

/**
 * The agents API's side of cursor pagination (platform {@code page/}, ADR 0030): {@code limit} as the client wrote
 * it, and the keyset cursors inside page tokens. A list ordered by a time keeps the id as tiebreaker, so its cursor
 * is {@code <RFC 3339 instant>|<id>}; a list ordered by a unique name keeps the name.
 */
final class Paging {

    private Paging() {
    }

    /** A position in a list ordered by {@code (at, id)}; {@link #NONE} before the first item. */
    record After(Instant at, String id) {

        static final After NONE = new After(null, null);

        /** The position of an item, as a page token's cursor. */
        static String cursor(Instant at, String id) {
            return at + "|" + id;
        }
    }

    /** {@code limit} of the query: the default when absent, 422 naming it when not a number within bounds. */
    static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return PageToken.limit(null);
        }
        try {
            return PageToken.limit(Integer.valueOf(limit.trim()));
        } catch (NumberFormatException e) {
            throw ApiException.invalid(List.of(new Problem.FieldError("limit", "must be a whole number")));
        }
    }

    /** The position a {@code page_token} of an {@code (at, id)} list resumes after. */
    static After after(String pageToken) {
        String cursor = PageToken.decode(pageToken);
        if (cursor == null) {
            return After.NONE;
        }
        int bar = cursor.indexOf('|');
        try {
            if (bar > 0) {
                return new After(Instant.parse(cursor.substring(0, bar)), cursor.substring(bar + 1));
            }
        } catch (DateTimeParseException e) {
            // falls through to the problem below
        }
        throw notThisList();
    }

    /** The name a {@code page_token} of a list ordered by a unique name resumes after, or null (first page). */
    static String afterName(String pageToken) {
        return PageToken.decode(pageToken);
    }

    private static ApiException notThisList() {
        return ApiException.invalid(List.of(new Problem.FieldError("page_token",
                "not a page token of this list: pass next_page_token of the previous page as it was")));
    }
}
