package dev.mailroom.agenthost.repository;

import dev.mailroom.platform.page.Keyset;
import io.quarkus.panache.common.Parameters;

/**
 * The HQL of one page of a list ordered by a time with the id as tiebreaker (platform's {@link Keyset}): an optional
 * {@code status} filter, the rows after {@code after}, in order.
 *
 * @param query the HQL, {@code where … order by <time>, id}
 * @param params its parameters
 */
record KeysetQuery(String query, Parameters params) {

    static KeysetQuery of(String timeField, Object status, Keyset after) {
        return of(timeField, status, after, "1 = 1", new Parameters());
    }

    /** As {@link #of(String, Object, Keyset)}, within the rows matching {@code filter} (HQL with {@code params}). */
    static KeysetQuery of(String timeField, Object status, Keyset after, String filter, Parameters params) {
        StringBuilder where = new StringBuilder(filter);
        if (status != null) {
            where.append(" and status = :status");
            params.and("status", status);
        }
        if (after != null) {
            where.append(" and (").append(timeField).append(" > :t or (").append(timeField)
                    .append(" = :t and id > :id))");
            params.and("t", after.at()).and("id", after.id());
        }
        return new KeysetQuery(where + " order by " + timeField + ", id", params);
    }
}
