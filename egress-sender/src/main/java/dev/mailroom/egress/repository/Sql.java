package dev.mailroom.egress.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Conversions between Java values and the reactive PostgreSQL client's parameter and column types. */
final class Sql {

    private Sql() {
    }

    /** A {@code timestamptz} parameter. */
    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A {@code timestamptz} column value. */
    static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    /** A {@code text[]} parameter. */
    static String[] texts(List<String> values) {
        return values.toArray(String[]::new);
    }
}
