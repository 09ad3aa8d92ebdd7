package dev.mailroom.egress.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

/**
 * A non-blocking SMTP client (Vert.x {@link NetClient}) that sends pre-built message bytes unchanged and reports
 * each recipient's own RCPT reply.
 *
 * <p>Connections are pooled per {@link SmtpEndpoint}: at most {@link SmtpClientOptions#maxConnectionsPerEndpoint()}
 * are open (idle ones included) and further transactions wait in FIFO order. An idle connection is checked with RSET
 * before reuse and closed with QUIT after {@link SmtpClientOptions#idleTimeout()}. A connection that failed in any way
 * is closed. Thread-safe; nothing blocks.
 */
public final class SmtpClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SmtpClient.class);

    private final Vertx vertx;
    private final SmtpClientOptions options;
    /** Accepts any certificate: OPPORTUNISTIC, and REQUIRED with trustAll. */
    private final NetClient trustingClient;
    /** Verifies the certificate chain (JDK trust store) and the host name: REQUIRED. */
    private final NetClient verifyingClient;
    private final Object lock = new Object();
    private final Map<SmtpEndpoint, EndpointPool> pools = new HashMap<>();
    private boolean closed;

    /** Per-endpoint state; guarded by {@link #lock}. */
    private static final class EndpointPool {
        final SmtpEndpoint endpoint;
        /** Connections open or being opened, idle ones included. */
        int slots;
        final ArrayDeque<SmtpConnection> idle = new ArrayDeque<>();
        final ArrayDeque<Promise<SmtpConnection>> waiters = new ArrayDeque<>();

        EndpointPool(SmtpEndpoint endpoint) {
            this.endpoint = endpoint;
        }
    }

    /** A client whose connections run on {@code vertx}'s event loops; {@link #close()} it when done. */
    public SmtpClient(Vertx vertx, SmtpClientOptions options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = Objects.requireNonNull(options, "options");
        int connectMs = (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis());
        this.trustingClient = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout(connectMs)
                .setTrustAll(true)
                .setHostnameVerificationAlgorithm(""));
        this.verifyingClient = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout(connectMs)
                .setTrustAll(false)
                .setHostnameVerificationAlgorithm("HTTPS"));
    }

    /**
     * Runs one transaction on a pooled or new connection. The Uni is lazy (each subscription sends once). It fails
     * with {@link SmtpFailure} when the transaction did not reach the point where every recipient has an answer,
     * with {@link IllegalArgumentException} for an unusable transaction (no recipient, control characters in an
     * address); negative RCPT or final replies are results, not failures.
     */
    public Uni<TransactionResult> send(SmtpEndpoint endpoint, MailTransaction transaction) {
        return Uni.createFrom().completionStage(() -> sendFuture(endpoint, transaction).toCompletionStage());
    }

    /** {@link #send} as a Vert.x future (started at once). */
    Future<TransactionResult> sendFuture(SmtpEndpoint endpoint, MailTransaction tx) {
        SmtpData.Prepared data;
        try {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(tx, "transaction");
            if (tx.recipients().isEmpty()) {
                throw new IllegalArgumentException("a transaction needs at least one recipient");
            }
            SmtpData.checkAddress(tx.mailFrom(), true);
            tx.recipients().forEach(r -> SmtpData.checkAddress(r, false));
            data = SmtpData.prepare(tx.data());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        Promise<TransactionResult> result = Promise.promise();
        acquire(endpoint).onComplete(lease -> {
            if (lease.failed()) {
                result.fail(lease.cause());
                return;
            }
            EndpointPool pool = lease.result().pool;
            SmtpConnection reused = lease.result().connection;
            Future<SmtpConnection> connection = reused != null ? reuse(reused) : open(endpoint);
            connection.onComplete(ready -> {
                if (ready.failed()) {
                    release(pool, null, false);
                    result.fail(ready.cause());
                    return;
                }
                SmtpConnection c = ready.result();
                onContext(c, () -> SmtpExchange.transact(c, tx, data)).onComplete(done -> {
                    release(pool, c, done.succeeded());
                    if (done.succeeded()) {
                        result.complete(done.result());
                    } else {
                        result.fail(done.cause());
                    }
                });
            });
        });
        return result.future();
    }

    /**
     * Closes idle connections with QUIT and fails queued transactions, then closes the underlying Vert.x clients,
     * which cuts transactions still running (they fail temporarily). Further sends fail. Does not block.
     */
    @Override
    public void close() {
        List<SmtpConnection> idle = new ArrayList<>();
        List<Promise<SmtpConnection>> waiters = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (EndpointPool pool : pools.values()) {
                for (SmtpConnection c : pool.idle) {
                    vertx.cancelTimer(c.idleTimer);
                    idle.add(c);
                }
                pool.idle.clear();
                waiters.addAll(pool.waiters);
                pool.waiters.clear();
            }
            pools.clear();
        }
        waiters.forEach(w -> w.tryFail(new SmtpFailure(SmtpFailure.CONNECT, false, null, null, "SMTP client closed", null)));
        List<Future<Void>> quits = new ArrayList<>();
        for (SmtpConnection c : idle) {
            quits.add(onContext(c, c::quit));
        }
        Future.join(quits).onComplete(v -> {
            trustingClient.close();
            verifyingClient.close();
        });
    }

    // ---------------------------------------------------------------- pool

    private record Lease(EndpointPool pool, SmtpConnection connection) {
    }

    private Future<Lease> acquire(SmtpEndpoint endpoint) {
        Promise<SmtpConnection> wait;
        EndpointPool pool;
        synchronized (lock) {
            if (closed) {
                return Future.failedFuture(new SmtpFailure(SmtpFailure.CONNECT, false, null, endpoint.hostPort(),
                        "SMTP client closed", null));
            }
            pool = pools.computeIfAbsent(endpoint, EndpointPool::new);
            SmtpConnection c = pool.idle.pollFirst();
            if (c != null) {
                vertx.cancelTimer(c.idleTimer);
                c.idleTimer = -1;
                c.idle = false;
                return Future.succeededFuture(new Lease(pool, c));
            }
            if (pool.slots < options.maxConnectionsPerEndpoint()) {
                pool.slots++;
                return Future.succeededFuture(new Lease(pool, null));
            }
            wait = Promise.promise();
            pool.waiters.addLast(wait);
        }
        EndpointPool p = pool;
        return wait.future().map(c -> new Lease(p, c));
    }

    /**
     * Gives a connection back (or its slot, when {@code reusable} is false or the connection cannot be reused): to
     * the first waiting transaction, else to the idle list.
     */
    private void release(EndpointPool pool, SmtpConnection c, boolean reusable) {
        boolean keep = reusable && c != null && c.usable();
        Promise<SmtpConnection> waiter;
        synchronized (lock) {
            keep &= !closed;
            waiter = pool.waiters.pollFirst();
            if (waiter == null) {
                if (keep) {
                    c.idle = true;
                    pool.idle.addFirst(c);
                    c.idleTimer = vertx.setTimer(options.idleTimeout().toMillis(), id -> idleExpired(pool, c));
                } else {
                    freeSlot(pool);
                }
            }
        }
        if (c != null && !keep) {
            onContext(c, c::quit);
        }
        if (waiter != null) {
            // the slot passes to the waiter: with the connection, or to open a new one
            waiter.complete(keep ? c : null);
        }
    }

    private void idleExpired(EndpointPool pool, SmtpConnection c) {
        Promise<SmtpConnection> waiter;
        synchronized (lock) {
            if (!pool.idle.remove(c)) {
                return;
            }
            c.idleTimer = -1;
            waiter = passSlot(pool);
        }
        onContext(c, c::quit);
        if (waiter != null) {
            waiter.complete(null);
        }
    }

    /** An idle connection closed by the server (or by a reply while idle) gives its slot back. */
    private void connectionClosed(SmtpConnection c) {
        Promise<SmtpConnection> waiter;
        synchronized (lock) {
            EndpointPool pool = pools.get(c.endpoint);
            if (pool == null || !pool.idle.remove(c)) {
                return;
            }
            vertx.cancelTimer(c.idleTimer);
            c.idleTimer = -1;
            waiter = passSlot(pool);
        }
        if (waiter != null) {
            waiter.complete(null);
        }
    }

    /** A freed slot goes to the first waiter (returned: to be completed outside the lock), else back to the pool. */
    private Promise<SmtpConnection> passSlot(EndpointPool pool) {
        Promise<SmtpConnection> waiter = pool.waiters.pollFirst();
        if (waiter == null) {
            freeSlot(pool);
        }
        return waiter;
    }

    private void freeSlot(EndpointPool pool) {
        pool.slots--;
        if (pool.slots == 0 && pool.waiters.isEmpty() && pools.get(pool.endpoint) == pool) {
            pools.remove(pool.endpoint);
        }
    }

    // ---------------------------------------------------------------- connections

    /** RSET on an idle connection; a new connection (same slot) when that fails. */
    private Future<SmtpConnection> reuse(SmtpConnection c) {
        return onContext(c, () -> c.command("RSET").compose(reply -> reply.code() == 250
                ? Future.succeededFuture(c)
                : Future.failedFuture(new java.io.IOException("RSET refused: " + reply))))
                .recover(t -> {
                    LOG.debugf("%s not reusable (%s): opening a new connection", c.hostPort, t.getMessage());
                    onContext(c, c::quit);
                    return open(c.endpoint);
                });
    }

    /** A new connection, set up up to the point where MAIL can be sent. */
    private Future<SmtpConnection> open(SmtpEndpoint endpoint) {
        return openOnce(endpoint, true).recover(t -> {
            if (t instanceof SmtpExchange.OpportunisticTlsFailed) {
                LOG.debugf("%s %s: retrying without TLS", endpoint.hostPort(), t.getMessage());
                return openOnce(endpoint, false);
            }
            return Future.failedFuture(t);
        });
    }

    private Future<SmtpConnection> openOnce(SmtpEndpoint endpoint, boolean allowTls) {
        NetClient net = endpoint.tls() == TlsPolicy.REQUIRED && !endpoint.trustAll() ? verifyingClient : trustingClient;
        Promise<SmtpConnection> opened = Promise.promise();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> net.connect(endpoint.port(), endpoint.host()).onComplete(ar -> {
            if (ar.failed()) {
                opened.fail(new SmtpFailure(SmtpFailure.CONNECT, false, null, endpoint.hostPort(),
                        "cannot connect: " + SmtpExchange.describe(ar.cause()), ar.cause()));
                return;
            }
            SmtpConnection c = new SmtpConnection(vertx, Vertx.currentContext(), ar.result(), endpoint,
                    options.commandTimeout().toMillis());
            c.onClose(this::connectionClosed);
            LOG.debugf("%s connected", endpoint.hostPort());
            SmtpExchange.open(c, options.heloName(), allowTls).onComplete(ready -> {
                if (ready.succeeded()) {
                    opened.complete(c);
                } else {
                    c.quit();
                    opened.fail(ready.cause());
                }
            });
        }));
        return opened.future();
    }

    /** Runs {@code action} on the connection's event loop and returns its future. */
    private static <T> Future<T> onContext(SmtpConnection c, java.util.function.Supplier<Future<T>> action) {
        if (Vertx.currentContext() == c.context) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
        Promise<T> promise = Promise.promise();
        c.context.runOnContext(v -> {
            try {
                action.get().onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }
}
