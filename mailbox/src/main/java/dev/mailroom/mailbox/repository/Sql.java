package dev.mailroom.mailbox.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Small conversions between Java values and the reactive PostgreSQL client's parameter types. */
public final class Sql {

    private Sql() {
    }

    /** TIMESTAMPTZ parameter. */
    public static OffsetDateTime ts(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    /** An instant read from a TIMESTAMPTZ column. */
    public static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    /** TEXT[] parameter. */
    public static String[] array(List<String> values) {
        return values == null ? new String[0] : values.toArray(new String[0]);
    }
}
