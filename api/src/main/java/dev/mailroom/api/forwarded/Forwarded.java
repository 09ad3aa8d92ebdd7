package dev.mailroom.api.forwarded;

/**
 * The operations the api forwards (ADR 0028) are declared here as JAX-RS interfaces, so the one OpenAPI document
 * describes them (ADR 0030); their owners implement them. SmallRye OpenAPI documents an interface only through a
 * class implementing it: these classes exist for that alone. {@code upstream/Forwarder} serves every path of
 * {@code upstream/Routes} before Quarkus REST sees it, so their methods never run; if a route row were removed
 * without a resource of the api taking its place, they answer 500 and say so in the log.
 */
public final class Forwarded {

    private Forwarded() {
    }

    /** What a declared-only method does when it is reached after all: a programming error. */
    static <T> T notServedHere() {
        throw new IllegalStateException("a forwarded operation reached the api: its row of upstream/Routes is missing");
    }

    public static class Agents implements AgentsApi {
    }

    public static class Drafts implements DraftsApi {
    }

    public static class Schedules implements SchedulesApi {
    }

    public static class Messages implements MessagesApi {
    }

    public static class Suppressions implements SuppressionsApi {
    }

    public static class Mailboxes implements MailboxesApi {
    }

    public static class Thread implements ThreadApi {
    }

    public static class Threads implements ThreadsApi {
    }

    public static class Webhooks implements WebhooksApi {
    }

    public static class Events implements EventsApi {
    }

    public static class Replies implements RepliesApi {
    }

    public static class Labels implements LabelsApi {
    }
}
