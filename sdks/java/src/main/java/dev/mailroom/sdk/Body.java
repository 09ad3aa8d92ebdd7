package dev.mailroom.sdk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a request body: only the fields set go on the wire (absent means "unchanged" or "default"). */
final class Body {

    final Map<String, Object> map = new LinkedHashMap<>();

    Body put(String key, Object value) {
        if (value instanceof Collection<?> c && c.isEmpty()) {
            return this;
        }
        if (value != null) {
            map.put(key, value);
        }
        return this;
    }

}
