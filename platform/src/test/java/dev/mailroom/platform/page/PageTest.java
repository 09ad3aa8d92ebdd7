package dev.mailroom.platform.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mailroom.platform.problem.ApiException;

class PageTest {

    @Test
    void walkingTheTokensVisitsEveryItemOnce() {
        List<Integer> all = IntStream.range(0, 7).boxed().toList();
        List<Integer> seen = new java.util.ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String cursor = PageToken.decode(token);
            int after = cursor == null ? -1 : Integer.parseInt(cursor);
            // what a query "WHERE id > after ORDER BY id LIMIT limit + 1" returns
            List<Integer> fetched = all.stream().filter(i -> i > after).limit(3 + 1).toList();
            Page<Integer> page = Page.of(fetched, 3, String::valueOf);
            seen.addAll(page.items());
            token = page.nextPageToken();
            pages++;
        } while (token != null);
        assertEquals(all, seen);
        assertEquals(3, pages);
    }

    @Test
    void theLastPageHasNoTokenInItsJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("{\"items\":[1]}", json.writeValueAsString(Page.of(List.of(1), 5, String::valueOf)));
        assertEquals("{\"items\":[1],\"next_page_token\":\"" + PageToken.encode("1") + "\"}",
                json.writeValueAsString(Page.of(List.of(1, 2), 1, String::valueOf)));
    }

    @Test
    void badTokensAndLimitsNameTheirField() {
        ApiException e = assertThrows(ApiException.class, () -> PageToken.decode("bm9wZQ"));
        assertEquals("page_token", e.problem().errors().get(0).field());
        assertEquals(422, e.problem().status());
        assertEquals("limit", assertThrows(ApiException.class, () -> PageToken.limit(0)).problem().errors().get(0).field());
        assertEquals("limit", assertThrows(ApiException.class, () -> PageToken.limit(201)).problem().errors().get(0).field());
        assertEquals(PageToken.DEFAULT_LIMIT, PageToken.limit(null));
        assertEquals(PageToken.DEFAULT_LIMIT, PageToken.limitOf(""));
        assertEquals(7, PageToken.limitOf(" 7"));
        assertEquals("limit", assertThrows(ApiException.class, () -> PageToken.limitOf("ten")).problem().errors().get(0).field());
        assertNull(PageToken.decode(""));
    }

    @Test
    void aKeysetCursorRoundTripsThroughItsTokenAndAForeignTokenNamesPageToken() {
        java.time.Instant at = java.time.Instant.parse("2026-12-07T06:13:04.123456Z");
        Page<String> page = Page.of(List.of("a", "b"), 1, item -> Keyset.cursor(at, "d|" + item));
        assertEquals(new Keyset(at, "d|a"), Keyset.after(page.nextPageToken()), "the id may hold the separator");
        assertNull(Keyset.after(null));
        assertEquals("page_token", assertThrows(ApiException.class, () -> Keyset.after(PageToken.encode("Support")))
                .problem().errors().get(0).field(), "a token of a list ordered by name");
        assertEquals("page_token", assertThrows(ApiException.class,
                () -> Keyset.after(PageToken.encode("yesterday|d1"))).problem().errors().get(0).field());
    }
}
