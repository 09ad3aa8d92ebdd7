package dev.mailroom.sdk;

import java.util.List;
import java.util.Optional;

/**
 * One page of a list: its items and the token of the next page (absent on the last page).
 *
 * @param <T> the item type
 */
public record Page<T>(List<T> items, String nextPageToken) {

    public Optional<String> next() {
        return Optional.ofNullable(nextPageToken).filter(t -> !t.isEmpty());
    }
}
