package dev.mailroom.sdk;

import java.util.List;
import java.util.Map;

/**
 * A webhook to create, or the fields to change (absent: kept): URL, event types (e.g. {@code message.delivered}),
 * a mailbox or domain filter, a description, enabled.
 */
public record WebhookParams(String url, List<String> eventTypes, String mailboxId, String domain, String description,
        Boolean enabled) {

    public static WebhookParams create(String url, String... eventTypes) {
        return new WebhookParams(url, eventTypes.length == 0 ? null : List.of(eventTypes), null, null, null, null);
    }

    /** A patch that changes nothing yet. */
    public static WebhookParams patch() {
        return new WebhookParams(null, null, null, null, null, null);
    }

    public WebhookParams withUrl(String url) {
        return new WebhookParams(url, eventTypes, mailboxId, domain, description, enabled);
    }

    public WebhookParams withEventTypes(String... types) {
        return new WebhookParams(url, List.of(types), mailboxId, domain, description, enabled);
    }

    public WebhookParams withMailboxId(String mailboxId) {
        return new WebhookParams(url, eventTypes, mailboxId, domain, description, enabled);
    }

    public WebhookParams withDomain(String domain) {
        return new WebhookParams(url, eventTypes, mailboxId, domain, description, enabled);
    }

    public WebhookParams withDescription(String description) {
        return new WebhookParams(url, eventTypes, mailboxId, domain, description, enabled);
    }

    public WebhookParams withEnabled(boolean enabled) {
        return new WebhookParams(url, eventTypes, mailboxId, domain, description, enabled);
    }

    Map<String, Object> toJson() {
        return new Body().put("url", url).put("event_types", eventTypes).put("mailbox_id", mailboxId)
                .put("domain", domain).put("description", description).put("enabled", enabled).map;
    }
}
