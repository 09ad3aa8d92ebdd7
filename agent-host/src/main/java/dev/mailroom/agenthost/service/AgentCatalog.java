package dev.mailroom.agenthost.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.agent.History;
import dev.mailroom.agenthost.model.AgentInstance;
import dev.mailroom.agenthost.model.AgentSchedule;
import dev.mailroom.agenthost.repository.AgentInstanceRepository;
import dev.mailroom.agenthost.repository.InstanceEventSql;
import dev.mailroom.agenthost.repository.ScheduleRepository;
import dev.mailroom.contract.AgentRef;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.problem.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Read side of the agents API: classes, instances, their state, threads and recent events, schedules. */
@ApplicationScoped
public class AgentCatalog {

    private final AgentRegistry registry;
    private final AgentInstanceRepository instances;
    private final ScheduleRepository schedules;
    private final HistoryStore history;
    private final InstanceEventSql events;

    public AgentCatalog(AgentRegistry registry, AgentInstanceRepository instances, ScheduleRepository schedules,
            HistoryStore history, InstanceEventSql events) {
        this.events = events;
        this.registry = registry;
        this.instances = instances;
        this.schedules = schedules;
        this.history = history;
    }

    /** Instance counts by class: every registered class (0 when none), and classes only the database knows. */
    @WithSession
    public Uni<Map<String, Long>> classes() {
        return instances.getSession().chain(s -> s.createQuery(
                "select i.className, count(i) from AgentInstance i group by i.className order by i.className",
                Object[].class).getResultList()).map(rows -> {
                    Map<String, Long> out = new LinkedHashMap<>();
                    registry.classes().forEach(c -> out.put(c, 0L));
                    rows.forEach(r -> out.put((String) r[0], (Long) r[1]));
                    return out;
                });
    }

    /** Whether {@code className} is registered here. */
    public boolean registered(String className) {
        return registry.find(className).isPresent();
    }

    /**
     * Instances of a class {@code caller} may see ({@link #maySee}: by the domain of their address), by name, after
     * {@code afterInstance} (null: from the first), at most {@code limit}.
     */
    @WithSession
    public Uni<List<AgentInstance>> instances(Caller caller, String className, String afterInstance, int limit) {
        if (caller.coversEveryDomain()) {
            return instances.ofClass(className, afterInstance, limit);
        }
        return caller.domains().isEmpty() ? Uni.createFrom().item(List.of())
                : instances.ofClass(className, afterInstance, limit, caller.domains());
    }

    @WithSession
    public Uni<AgentInstance> instance(String className, String instance) {
        return instances.findById(new AgentRef(className, instance).key());
    }

    /**
     * Instance {@code className/instance} when {@code caller} may see it: its key covers the domain of the address
     * the instance was last written to (an instance without one: only a key for every domain); else 404, like a
     * missing one.
     */
    @WithSession
    public Uni<AgentInstance> visibleInstance(Caller caller, String className, String instance) {
        return visible(caller, className, instance, false);
    }

    /**
     * As {@link #visibleInstance}, except that an instance with no row yet passes (null): it may be waited for, and
     * what the wait finds is checked again once it exists.
     */
    @WithSession
    public Uni<AgentInstance> visibleOrNotWrittenYet(Caller caller, String className, String instance) {
        return visible(caller, className, instance, true);
    }

    private Uni<AgentInstance> visible(Caller caller, String className, String instance, boolean notWrittenYetPasses) {
        return instances.findById(new AgentRef(className, instance).key()).map(i -> {
            if (i == null ? !notWrittenYetPasses : !maySee(caller, i)) {
                throw ApiException.notFound("instance " + className + "/" + instance);
            }
            return i;
        });
    }

    /** Whether {@code caller}'s key covers the domain of instance {@code i}'s address. */
    public static boolean maySee(Caller caller, AgentInstance i) {
        if (caller.coversEveryDomain()) {
            return true;
        }
        int at = i.address == null ? -1 : i.address.lastIndexOf('@');
        return at > 0 && caller.covers(i.address.substring(at + 1).toLowerCase(Locale.ROOT));
    }

    @WithSession
    public Uni<History> threads(String className, String instance) {
        return history.load(new AgentRef(className, instance).key());
    }

    /**
     * The schedules {@code caller} may see (of instances whose address is in its domains, or all for keys covering
     * every domain), soonest first, after the position {@code after} (due time, id) when given, at most
     * {@code limit}.
     */
    @WithSession
    public Uni<List<AgentSchedule>> schedules(Caller caller, AgentSchedule.Status status,
            dev.mailroom.platform.page.Keyset after, int limit) {
        if (caller.coversEveryDomain()) {
            return schedules.page(status, after, limit);
        }
        return caller.domains().isEmpty() ? Uni.createFrom().item(List.of())
                : schedules.page(status, after, limit, caller.domains());
    }

    /** Schedules of one instance (its visibility checked by the caller), as the other {@code schedules}. */
    @WithSession
    public Uni<List<AgentSchedule>> schedules(AgentSchedule.Status status, dev.mailroom.platform.page.Keyset after,
            int limit, String className, String instance) {
        return schedules.page(status, after, limit, new AgentRef(className, instance).key());
    }

    /** The newest {@code limit} events of an instance (received, sent, held, decided, scheduled, fired). */
    public Uni<List<InstanceEventSql.Event>> events(String className, String instance, int limit) {
        return events.recent(new AgentRef(className, instance).key(), limit);
    }
}
