package dev.mailroom.sdk;

import java.util.Map;

/**
 * Coverage: every operation of the public OpenAPI document ({@code sdks/openapi.json}) whose path starts with
 * {@code /v1/}, by operationId, and the SDK method that calls it ({@code resource.method}: {@code mr.resource()}
 * then its method). {@code OperationsTest} fails the build when an operation has no entry, an entry names an
 * operation the document lacks, or a method does not exist; it also calls each one against a recording server.
 * The two {@code /client/v4/} operations (Cloudflare-compatible send) are for Cloudflare's own SDKs: not covered.
 */
public final class Operations {

    private Operations() {
    }

    public static final Map<String, String> OPERATIONS = Map.ofEntries(
            Map.entry("sendEmail", "emails.send"),
            Map.entry("sendEmailBatch", "emails.sendBatch"),
            Map.entry("getMessage", "emails.get"),
            Map.entry("replyToMessage", "emails.reply"),
            Map.entry("replyAllToMessage", "emails.replyAll"),
            Map.entry("forwardMessage", "emails.forward"),
            Map.entry("listMailboxes", "mailboxes.list"),
            Map.entry("deleteMailbox", "mailboxes.delete"),
            Map.entry("listThreads", "threads.list"),
            Map.entry("getThread", "threads.get"),
            Map.entry("updateThread", "threads.update"),
            Map.entry("deleteThread", "threads.delete"),
            Map.entry("updateMessage", "messages.update"),
            Map.entry("updateMessages", "messages.updateMany"),
            Map.entry("deleteMessage", "messages.delete"),
            Map.entry("getRawMessage", "messages.raw"),
            Map.entry("getMessageBody", "messages.body"),
            Map.entry("getAttachment", "messages.attachment"),
            Map.entry("listLabels", "labels.list"),
            Map.entry("listDrafts", "drafts.list"),
            Map.entry("getDraft", "drafts.get"),
            Map.entry("approveDraft", "drafts.approve"),
            Map.entry("rejectDraft", "drafts.reject"),
            Map.entry("listAgentClasses", "agents.list"),
            Map.entry("createAgent", "agents.create"),
            Map.entry("getAgent", "agents.get"),
            Map.entry("updateAgent", "agents.update"),
            Map.entry("deleteAgent", "agents.delete"),
            Map.entry("listAgentInstances", "agents.instances"),
            Map.entry("getAgentInstance", "agents.getInstance"),
            Map.entry("listAgentInstanceEvents", "agents.events"),
            Map.entry("listAgentThreads", "agents.threads"),
            Map.entry("sendAsAgentInstance", "agents.send"),
            Map.entry("waitAgentMessages", "agents.messages"),
            Map.entry("streamAgentMessages", "agents.streamMessages"),
            Map.entry("listSchedules", "schedules.list"),
            Map.entry("createDomain", "domains.create"),
            Map.entry("listDomains", "domains.list"),
            Map.entry("getDomain", "domains.get"),
            Map.entry("getDomainZone", "domains.zone"),
            Map.entry("verifyDomain", "domains.verify"),
            Map.entry("rotateDomainDkim", "domains.rotateDkim"),
            Map.entry("deleteDomain", "domains.delete"),
            Map.entry("configureDomainDnsUpdate", "domains.configureDnsUpdate"),
            Map.entry("removeDomainDnsUpdate", "domains.removeDnsUpdate"),
            Map.entry("publishDomainRecords", "domains.publish"),
            Map.entry("createApiKey", "apiKeys.create"),
            Map.entry("listApiKeys", "apiKeys.list"),
            Map.entry("getApiKey", "apiKeys.get"),
            Map.entry("revokeApiKey", "apiKeys.revoke"),
            Map.entry("listSuppressions", "suppressions.list"),
            Map.entry("deleteSuppression", "suppressions.delete"),
            Map.entry("createWebhook", "webhooks.create"),
            Map.entry("listWebhooks", "webhooks.list"),
            Map.entry("getWebhook", "webhooks.get"),
            Map.entry("updateWebhook", "webhooks.update"),
            Map.entry("deleteWebhook", "webhooks.delete"),
            Map.entry("listWebhookDeliveries", "webhooks.deliveries"),
            Map.entry("replayWebhookDelivery", "webhooks.replayDelivery"),
            Map.entry("replayWebhookEvents", "webhooks.replay"),
            Map.entry("rotateWebhookSecret", "webhooks.rotateSecret"),
            Map.entry("streamEvents", "events.stream"));
}
