package dev.mailroom.platform.page;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One page of a list, the shape of every list answer of the public API (ADR 0028): {@code {"items": [...],
 * "next_page_token": "..."}}; the token is absent on the last page. Ask for the next page with
 * {@code ?page_token=<next_page_token>} and the same other parameters.
 *
 * @param items         this page's items, in the list's documented order
 * @param nextPageToken an opaque {@link PageToken} for the page after this one, or null on the last page
 */
public record Page<T>(List<T> items, @JsonProperty("next_page_token") @JsonInclude(JsonInclude.Include.NON_NULL) String nextPageToken) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * The page of {@code fetched}, a list read with {@code limit + 1} rows so that one extra row tells whether
     * another page follows; {@code cursor} turns the last item kept into the position to resume after.
     */
    public static <T> Page<T> of(List<T> fetched, int limit, java.util.function.Function<T, String> cursor) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> kept = fetched.subList(0, limit);
        return new Page<>(kept, PageToken.encode(cursor.apply(kept.get(limit - 1))));
    }
}
