package dev.mailroom.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * A server-sent event stream as a blocking {@link Iterator} that resumes by itself: when the connection drops it
 * reconnects (backoff, {@code maxRetries} failed attempts in a row at most) from the last item it gave out, so
 * nothing is skipped or repeated. {@link #hasNext()} blocks until the next item; {@link #close()} (from any thread)
 * ends it. {@link #resumeToken()} is where it would resume ({@code Last-Event-ID} or the last {@code seq}).
 *
 * @param <T> {@link CustomerEvent} or {@link WaitedMessage}
 */
public final class EventStream<T> implements Iterator<T>, Iterable<T>, AutoCloseable {

    /** Opens the stream after a resume token ({@code null}: from the caller's starting point). */
    interface Opener {
        HttpResponse<InputStream> open(String resumeToken);
    }

    /** Decodes one event and tells the token to resume after it. */
    interface Decoder<T> {
        T decode(Sse.Event event);
    }

    private final Opener opener;
    private final Decoder<T> decoder;
    private final Function<T, String> tokenOf;
    private final int maxRetries;
    private String resumeToken;
    private volatile InputStream body;
    private Sse reader;
    private T next;
    private volatile boolean closed;

    EventStream(Opener opener, Decoder<T> decoder, Function<T, String> tokenOf, int maxRetries, String resumeToken) {
        this.opener = opener;
        this.decoder = decoder;
        this.tokenOf = tokenOf;
        this.maxRetries = maxRetries;
        this.resumeToken = resumeToken;
    }

    public String resumeToken() {
        return resumeToken;
    }

    @Override
    public Iterator<T> iterator() {
        return this;
    }

    @Override
    public boolean hasNext() {
        int failures = 0;
        while (next == null && !closed) {
            try {
                if (reader == null) {
                    HttpResponse<InputStream> r = opener.open(resumeToken);
                    body = r.body();
                    reader = new Sse(body);
                }
                Sse.Event e = reader.next();
                if (e == null) {
                    throw new IOException("the stream ended");
                }
                next = decoder.decode(e);
                failures = 0;
            } catch (IOException | ApiConnectionException e) {
                disconnect();
                if (closed) {
                    break;
                }
                if (failures++ >= maxRetries) {
                    throw e instanceof ApiConnectionException c ? c
                            : new ApiConnectionException("event stream: " + e.getMessage(), e);
                }
                Transport.sleep(Retries.backoff(failures - 1, ThreadLocalRandom.current()::nextDouble));
            }
        }
        return next != null;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T t = next;
        next = null;
        String token = tokenOf.apply(t);
        if (token != null) {
            resumeToken = token;
        }
        return t;
    }

    private void disconnect() {
        InputStream b = body;
        body = null;
        reader = null;
        if (b != null) {
            try {
                b.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        disconnect();
    }

}
