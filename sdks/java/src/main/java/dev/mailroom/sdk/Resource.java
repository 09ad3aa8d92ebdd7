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
