package dev.mailroom.agenthost.rest;

import java.time.Duration;
import java.util.Locale;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

import dev.mailroom.agent.HistoryMessage;
import dev.mailroom.agenthost.config.AgentHostConfig;
import dev.mailroom.agenthost.service.AgentCatalog;
import dev.mailroom.agenthost.service.Waiter;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.problem.ApiException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Waiting for mail: an instance's next history messages after a cursor, by long poll or as server-sent events.
 * "Send, then await the answer": read the cursor ({@code wait=0}), send, then wait with {@code after=<cursor>}.
 */
@Path("/v1/agents/{class}/instances/{instance}/messages")
public class WaitResource {

    private final Waiter waiter;
    private final AgentHostConfig config;
    private final CurrentCaller current;
    private final AgentCatalog catalog;

    public WaitResource(Waiter waiter, AgentHostConfig config, CurrentCaller current, AgentCatalog catalog) {
        this.waiter = waiter;
        this.config = config;
        this.current = current;
        this.catalog = catalog;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "An instance's messages after a cursor, waiting for the first ones",
            description = "after: a history sequence number (default: now, i.e. only messages still to come);"
                    + " direction: in | out (default both); thread: a thread id; wait: how long to wait when there"
                    + " is nothing yet (ISO-8601 or e.g. 30s; default 30s, at most mailroom.wait.max-wait; 0 answers"
                    + " at once). Answers {messages: [{seq, agent, message}], cursor}; an empty list after the wait"
                    + " keeps the cursor.")
    public Uni<Views.PageView> next(@PathParam("class") String className, @PathParam("instance") String instance,
            @QueryParam("after") Long after, @QueryParam("direction") String direction,
            @QueryParam("thread") String thread, @QueryParam("wait") String wait) {
        Caller caller = current.get();
        Waiter.Filter filter = filter(className, instance, direction, thread);
        Duration timeout = duration(wait);
        Uni<Long> cursor = after != null ? Uni.createFrom().item(check(after)) : waiter.now(filter.agentKey());
        // an instance not written yet may be waited for; what the wait found is shown only once its domain is known
        return visible(caller, className, instance, true).chain(() -> cursor)
                .chain(from -> waiter.next(filter, from, timeout))
                .call(page -> page.messages().isEmpty() ? Uni.createFrom().voidItem()
                        : visible(caller, className, instance, false))
                .map(Views.PageView::of);
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "An instance's messages as they commit (server-sent events)",
            description = "Each event is {seq, agent, message}; reconnect with after=<last seq> to resume without a"
                    + " gap. Same after/direction/thread parameters as the long poll.")
    public Multi<Views.WaitedView> stream(@PathParam("class") String className, @PathParam("instance") String instance,
            @QueryParam("after") Long after, @QueryParam("direction") String direction,
            @QueryParam("thread") String thread) {
        Caller caller = current.get();
        Waiter.Filter filter = filter(className, instance, direction, thread);
        Uni<Long> cursor = after != null ? Uni.createFrom().item(check(after)) : waiter.now(filter.agentKey());
        Multi<Waiter.Waited> items = cursor.onItem().transformToMulti(from -> waiter.stream(filter, from));
        if (!caller.coversEveryDomain()) {
            // checked before the first event leaves (the instance exists then): an instance of another domain ends the
            // stream without one (SSE has answered 200 already, so it cannot be a 404)
            java.util.concurrent.atomic.AtomicBoolean checked = new java.util.concurrent.atomic.AtomicBoolean();
            items = items.onItem().call(w -> checked.get() ? Uni.createFrom().voidItem()
                    : visible(caller, className, instance, false).invoke(() -> checked.set(true)));
        }
        return items.map(Views.WaitedView::of);
    }

    /** 404 unless the caller may see the instance (or it is not written yet, when that passes); admin keys pass. */
    private Uni<Void> visible(Caller caller, String className, String instance, boolean notWrittenYetPasses) {
        if (caller.coversEveryDomain()) {
            return Uni.createFrom().voidItem();
        }
        return (notWrittenYetPasses ? catalog.visibleOrNotWrittenYet(caller, className, instance)
                : catalog.visibleInstance(caller, className, instance)).replaceWithVoid();
    }

    private static Waiter.Filter filter(String className, String instance, String direction, String thread) {
        HistoryMessage.Direction d = null;
        if (direction != null && !direction.isBlank()) {
            try {
                d = HistoryMessage.Direction.valueOf(direction.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("direction must be 'in' or 'out'");
            }
        }
        return new Waiter.Filter(new AgentRef(className, instance).key(), d,
                thread == null || thread.isBlank() ? null : thread.trim());
    }

    private static long check(long after) {
        if (after < 0) {
            throw ApiException.badRequest("after must be a history sequence number (0 or more)");
        }
        return after;
    }

    private Duration duration(String wait) {
        Duration max = config.waiting().maxWait();
        if (wait == null || wait.isBlank()) {
            return Duration.ofSeconds(30).compareTo(max) > 0 ? max : Duration.ofSeconds(30);
        }
        Duration d;
        try {
            d = DurationConverter.parseDuration(wait.trim()); // as in configuration: 30, 30s, 500ms, 2m, PT30S
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw ApiException.badRequest("wait must be a duration such as 30s or PT30S");
        }
        if (d.isNegative() || d.compareTo(max) > 0) {
            throw ApiException.badRequest("wait must be between 0 and " + max.toSeconds() + "s");
        }
        return d;
    }
}
