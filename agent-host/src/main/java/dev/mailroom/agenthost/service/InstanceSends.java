package dev.mailroom.agenthost.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agenthost.messaging.OutboxRelay;
import dev.mailroom.agenthost.model.OutboxMessage;
import dev.mailroom.agenthost.repository.AgentSql;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.contract.Json;
import dev.mailroom.contract.OutboundRequest;
import dev.mailroom.mail.address.AddrSpec;
import dev.mailroom.mail.address.SubAddress;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A message a person or an application sends <em>as</em> an agent instance (a reply from its mailbox, issue 17),
 * decided exactly like the agent's own {@code ctx.send}: in one transaction on the instance's lock, the Message-ID is
 * minted ({@link MessageIds}, a signed reply token), the class's {@link SendPolicy} decides, and the message becomes
 * an outbox record plus a history entry in the thread it answers ({@link EffectWriter#send}), or a draft with the
 * refusal and an {@code agent.send-held} event. The outbox records are published right after the commit.
 */
@ApplicationScoped
public class InstanceSends {

    /** What became of a send: {@code draftId} is set when it was held for approval. */
    public record Outcome(String id, String messageId, String draftId) {

        public boolean held() {
            return draftId != null;
        }
    }

    /** The sub-address separator of the addresses the router resolves ({@code name+instance@domain}). */
    static final String SEPARATOR = "+";

    private final Pool pool;
    private final AgentSql sql;
    private final SendPolicy policy;
    private final MessageIds messageIds;
    private final AgentDirectory directory;
    private final OutboxRelay relay;

    public InstanceSends(Pool pool, AgentSql sql, SendPolicy policy, MessageIds messageIds, AgentDirectory directory,
            OutboxRelay relay) {
        this.pool = pool;
        this.sql = sql;
        this.policy = policy;
        this.messageIds = messageIds;
        this.directory = directory;
        this.relay = relay;
    }

    /** Whether this host serves class {@code className}. */
    public boolean serves(String className) {
        return directory.source(className).isPresent();
    }

    /**
     * Whether {@code address} is one of instance {@code self}'s addresses: {@code name[+instance]@domain} with an
     * address name of its class (the instance being the sub-address, else the name), or the address the instance
     * was last written to.
     */
    public Uni<Boolean> isAddressOf(AgentRef self, String address) {
        Optional<AddrSpec> spec = AddrSpec.split(address).map(AddrSpec::lowerCase);
        if (spec.isPresent()) {
            SubAddress local = spec.get().subAddress(SEPARATOR);
            List<String> names = directory.record(self.className()).map(r -> r.addresses()).orElse(List.of());
            if (names.contains(local.name()) && local.detail().orElse(local.name()).equals(self.instance())) {
                return Uni.createFrom().item(true);
            }
        }
        return pool.preparedQuery("select address from agent_instance where id = $1").execute(Tuple.of(self.key()))
                .map(rows -> rows.size() > 0 && address.equalsIgnoreCase(rows.iterator().next().getString(0)));
    }

    /**
     * Sends {@code request} (its {@code agent} = {@code self}, no Message-ID yet) as {@code self}: in the thread of
     * the newest recorded message it answers (In-Reply-To, References), else in a new thread. When
     * {@code replayable} (an Idempotency-Key made the send id), a send id already sent or held answers what became of
     * it and writes nothing: the instance's lock makes concurrent duplicates wait for the first.
     */
    public Uni<Outcome> send(AgentRef self, OutboundRequest request, boolean replayable) {
        Instant now = InboundProcessor.now();
        List<String> parents = new ArrayList<>(request.references());
        if (request.inReplyTo() != null && !request.inReplyTo().isBlank()) {
            parents.add(request.inReplyTo());
        }
        List<String> recipients = request.allRecipients().stream()
                .map(a -> a.address().toLowerCase(Locale.ROOT)).distinct().toList();
        AgentSql.Lookup lookup = new AgentSql.Lookup(null, parents, recipients);
        List<OutboxMessage> outboxed = new ArrayList<>();
        return pool.withTransaction(conn -> sql.open(conn, self, request.from().address(), lookup, now)
                .chain(opened -> (replayable ? earlier(conn, request.id()) : Uni.createFrom().<Outcome>nullItem())
                        .chain(earlier -> earlier != null ? Uni.createFrom().item(earlier) : decide(conn, self,
                                request, opened, recipients, now, outboxed))))
                .invoke(() -> relay.publishCommitted(outboxed));
    }

    /** What became of send {@code id} before: sent (in the history) or held (a draft); null when it is new. */
    private Uni<Outcome> earlier(SqlClient conn, String id) {
        return conn.preparedQuery("select (select message_id from agent_message where id = $1) as sent,"
                + " (select request from draft where id = $1) as held").execute(Tuple.of(id)).map(rows -> {
                    Row r = rows.iterator().next();
                    String held = r.getString("held");
                    if (r.getString("sent") != null || held == null) {
                        return r.getString("sent") == null ? null : new Outcome(id, r.getString("sent"), null);
                    }
                    OutboundRequest request = Json.decode(held.getBytes(StandardCharsets.UTF_8),
                            OutboundRequest.class, OutboundRequest.VERSION);
                    return new Outcome(id, request.messageId(), id);
                });
    }

    /** Mints the Message-ID, asks the policy, writes the send or the draft (and its event). */
    private Uni<Outcome> decide(SqlClient conn, AgentRef self, OutboundRequest request, AgentSql.Opened opened,
            List<String> recipients, Instant now, List<OutboxMessage> outboxed) {
        String threadId = opened.parentThread() != null ? opened.parentThread() : request.id();
        OutboundRequest minted = messageIds.mint(request, now);
        Correspondents known = new Correspondents(sql, conn, self.key(), recipients, opened.known());
        AgentSql.Batch batch = new AgentSql.Batch(self.key(), now);
        return policy.refusal(self.className(), minted, known).chain(refusal -> {
            if (refusal != null) {
                Log.infof("send held as draft id=%s agent=%s reason=%s", minted.id(), self.key(), refusal);
                EffectWriter.draft(batch, self.className(), minted, threadId, refusal, null, now);
                OutboxMessage held = Events.sendHeld(minted, refusal, now);
                batch.outbox(held);
                outboxed.add(held);
            } else {
                EffectWriter.send(batch, minted, threadId, null, now, outboxed);
            }
            return sql.write(conn, batch)
                    .replaceWith(new Outcome(minted.id(), minted.messageId(), refusal == null ? null : minted.id()));
        });
    }
}
