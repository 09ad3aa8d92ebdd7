package dev.mailroom.sdk;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A cursor-paginated list: iterate it (or {@link #stream()} it) and the next page is fetched when the items of the
 * one before are used up, never earlier; or take one page with {@link #firstPage()} / {@link #page(String)}. Each
 * iteration starts again from the first page. Errors surface from {@code hasNext()} as the SDK's exceptions.
 *
 * @param <T> the item type
 */
public final class Paged<T> implements Iterable<T> {

    private final Function<String, Page<T>> fetch;

    Paged(Function<String, Page<T>> fetch) {
        this.fetch = fetch;
    }

    /** The first page. */
    public Page<T> firstPage() {
        return fetch.apply(null);
    }

    /** The page a {@code next_page_token} names ({@code null}: the first). */
    public Page<T> page(String pageToken) {
        return fetch.apply(pageToken);
    }

    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Page<T> page;
            private int index;

            @Override
            public boolean hasNext() {
                if (page == null) {
                    page = fetch.apply(null);
                    index = 0;
                }
                while (index >= page.items().size()) {
                    if (page.next().isEmpty()) {
                        return false;
                    }
                    page = fetch.apply(page.nextPageToken());
                    index = 0;
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.items().get(index++);
            }
        };
    }
}
