package dev.mailroom.api.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The Idempotency-Keys of the api (table {@code api.idempotency_key}), one statement per call on the reactive
 * PostgreSQL client, each its own transaction. A key is claimed before the effect and answered after it; the
 * primary key makes one of concurrent claims win.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** The row of a key another request claimed: its body hash and its answer, null while that request runs. */
    public record Claimed(String bodyHash, String answer) {
    }

    private final Pool pool;

    public IdempotencyKeys(Pool pool) {
        this.pool = pool;
    }

    /**
     * Claims {@code (keyId, idemKey)} for a request with {@code bodyHash}: true when this call holds it now. A row
     * created before {@code expiredBefore} is forgotten and claimed anew; a row never answered and claimed before
     * {@code staleBefore} (its claimer died between the Kafka acknowledgement and the answer) is taken over when the
     * body is the same: the send ids are derived, so sending again writes the same ids, which egress spools once.
     */
    public Uni<Boolean> claim(String keyId, String idemKey, String bodyHash, Instant now, Instant expiredBefore,
            Instant staleBefore) {
        return pool.preparedQuery("""
                insert into api.idempotency_key (api_key_id, idem_key, body_hash, created_at, claimed_at)
                values ($1, $2, $3, $4, $4)
                on conflict (api_key_id, idem_key) do update
                   set body_hash = excluded.body_hash, answer = null, claimed_at = excluded.claimed_at,
                       created_at = case when idempotency_key.created_at < $5 then excluded.created_at
                                         else idempotency_key.created_at end
                 where idempotency_key.created_at < $5
                    or (idempotency_key.answer is null and idempotency_key.claimed_at < $6
                        and idempotency_key.body_hash = excluded.body_hash)
                returning api_key_id""")
                .execute(Tuple.of(keyId, idemKey, bodyHash, utc(now), utc(expiredBefore), utc(staleBefore)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The row of {@code (keyId, idemKey)}, if any. */
    public Uni<Optional<Claimed>> find(String keyId, String idemKey) {
        return pool.preparedQuery("select body_hash, answer from api.idempotency_key where api_key_id = $1"
                + " and idem_key = $2").execute(Tuple.of(keyId, idemKey))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    Row row = it.next();
                    return Optional.of(new Claimed(row.getString("body_hash"), row.getString("answer")));
                });
    }

    /** Records the answer of the claim. */
    public Uni<Void> answer(String keyId, String idemKey, String answer) {
        return pool.preparedQuery("update api.idempotency_key set answer = $3 where api_key_id = $1 and idem_key = $2")
                .execute(Tuple.of(keyId, idemKey, answer)).replaceWithVoid();
    }

    /** Gives the claim up (the effect failed): the next request with this key starts afresh. */
    public Uni<Void> release(String keyId, String idemKey) {
        return pool.preparedQuery("delete from api.idempotency_key where api_key_id = $1 and idem_key = $2"
                + " and answer is null").execute(Tuple.of(keyId, idemKey)).replaceWithVoid();
    }

    /** Forgets keys created before {@code before}; how many. */
    public Uni<Integer> expire(Instant before) {
        return pool.preparedQuery("delete from api.idempotency_key where created_at < $1")
                .execute(Tuple.of(utc(before))).map(rows -> rows.rowCount());
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
