package dev.mailroom.platform.page;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;

/**
 * A position in a list ordered by a time with a unique id as tiebreaker (drafts by creation, schedules by due time,
 * suppressions newest first): the cursor inside a {@link PageToken}, {@code <RFC 3339 instant>|<id>}. The next page
 * is the rows after (or, newest first, before) {@code (at, id)} in that order: stable while rows are added.
 *
 * @param at the time of the last item returned
 * @param id its id
 */
public record Keyset(Instant at, String id) {

    /** The cursor of the item at {@code (at, id)}, for {@link Page#of}. */
    public static String cursor(Instant at, String id) {
        return at + "|" + id;
    }

    /** The position {@code pageToken} resumes after; null for none (first page); 422 naming page_token otherwise. */
    public static Keyset after(String pageToken) {
        String cursor = PageToken.decode(pageToken);
        if (cursor == null) {
            return null;
        }
        int bar = cursor.indexOf('|');
        try {
            if (bar > 0) {
                return new Keyset(Instant.parse(cursor.substring(0, bar)), cursor.substring(bar + 1));
            }
        } catch (DateTimeParseException e) {
            // falls through to the problem below
        }
        throw ApiException.invalid(List.of(new Problem.FieldError("page_token",
                "not a page token of this list: pass next_page_token of the previous page as it was")));
    }
}
