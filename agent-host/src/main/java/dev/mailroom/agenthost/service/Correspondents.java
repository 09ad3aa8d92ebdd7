package dev.mailroom.agenthost.service;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.mailroom.agenthost.repository.AgentSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * The correspondents of one instance as one call sees them: what the database said when the call opened, plus what
 * the call itself made known (the inbound From, the recipients of its sends). Asks the database only about addresses
 * it has no answer for yet.
 */
final class Correspondents {

    private final AgentSql sql;
    private final SqlClient conn;
    private final String agentKey;
    private final Set<String> asked = new HashSet<>();
    private final Set<String> known = new HashSet<>();

    /** {@code known} is the answer about {@code asked} (lower case). */
    Correspondents(AgentSql sql, SqlClient conn, String agentKey, Collection<String> asked, Set<String> known) {
        this.sql = sql;
        this.conn = conn;
        this.agentKey = agentKey;
        this.asked.addAll(asked);
        this.known.addAll(known);
    }

    /** Addresses (lower case) now exchanged mail with. */
    void add(Collection<String> addresses) {
        asked.addAll(addresses);
        known.addAll(addresses);
    }

    /** Which of {@code addresses} (lower case) are correspondents. */
    Uni<Set<String>> known(Collection<String> addresses) {
        Set<String> missing = new LinkedHashSet<>(addresses);
        missing.removeAll(asked);
        Uni<Set<String>> fetched = missing.isEmpty() ? Uni.createFrom().item(Set.of())
                : sql.known(conn, agentKey, missing);
        return fetched.map(found -> {
            asked.addAll(missing);
            known.addAll(found);
            Set<String> out = new HashSet<>(addresses);
            out.retainAll(known);
            return out;
        });
    }
}
