package dev.mailroom.sdk;

import java.util.UUID;
import java.util.function.Function;

/** What every resource shares: the transport and the page walking. */
abstract class Resource {

    final Transport t;

    Resource(Transport t) {
        this.t = t;
    }

    static Transport.Call call(String method, String template, Object... params) {
        return new Transport.Call(method, Transport.path(template, params));
    }

    JsonObject json(Transport.Call c) {
        return t.send(c).json();
    }

    void none(Transport.Call c) {
        t.send(c);
    }

    /** Remembers the id an accepted send was given (reading your own sends). */
    <A> A sent(A accepted, String id) {
        return sent(accepted, java.util.Collections.singletonList(id));
    }

    /** Remembers the ids an accepted batch was given. */
    <A> A sent(A accepted, java.util.Collection<String> ids) {
        if (t.sends != null) {
            t.sends.rememberAll(ids);
        }
        return accepted;
    }

    /** A read of message {@code id}: its 404 retried briefly when {@code id} is one of this client's recent sends. */
    <T> T readYourSend(String id, java.util.function.Supplier<T> read) {
        return RecentSends.read(t.sends, id, t.timeout, read);
    }

    static String keyOr(String key) {
        return key != null ? key : UUID.randomUUID().toString();
    }

    /** A {@code limit}/{@code page_token} list of {@code items}, decoded with {@code decode}. */
    <T> Paged<T> paged(Function<String, Transport.Call> call, Function<JsonObject, T> decode) {
        return new Paged<>(token -> {
            Transport.Call c = call.apply(token);
            c.query("page_token", token);
            JsonObject page = json(c);
            return new Page<>(page.objects("items").stream().map(decode).toList(), page.string("next_page_token"));
        });
    }

    static Transport.Call withQuery(Transport.Call c, ListParams p, String... names) {
        if (p != null) {
            for (String n : names) {
                c.query(n, p.get(n));
            }
            c.query("limit", p.get("limit"));
        }
        return c;
    }

}
