/**
 * Every `/v1/` operation of the public OpenAPI document (`sdks/openapi.json`) → the client method that calls it.
 * test/unit/operations.test.js fails when an operation lacks an entry, an entry names an unknown operation, or a
 * method does not exist or calls another method/path. The two `/client/v4/` operations (Cloudflare-compatible send)
 * are for Cloudflare's own SDKs and are left out on purpose.
 */
export const OPERATIONS = {
  sendEmail: "emails.send",
  sendEmailBatch: "emails.sendBatch",
  getMessage: "emails.get",
  replyToMessage: "emails.reply",
  replyAllToMessage: "emails.replyAll",
  forwardMessage: "emails.forward",

  listMailboxes: "mailboxes.list",
  deleteMailbox: "mailboxes.delete",

  listThreads: "threads.list",
  getThread: "threads.get",
  updateThread: "threads.update",
  deleteThread: "threads.delete",

  updateMessage: "messages.update",
  updateMessages: "messages.updateMany",
  deleteMessage: "messages.delete",
  getRawMessage: "messages.raw",
  getMessageBody: "messages.body",
  getAttachment: "messages.attachment",

  listLabels: "labels.list",

  listDrafts: "drafts.list",
  getDraft: "drafts.get",
  approveDraft: "drafts.approve",
  rejectDraft: "drafts.reject",

  listAgentClasses: "agents.list",
  createAgent: "agents.create",
  getAgent: "agents.get",
  updateAgent: "agents.update",
  deleteAgent: "agents.delete",
  listAgentInstances: "agents.instances",
  getAgentInstance: "agents.getInstance",
  listAgentInstanceEvents: "agents.events",
  listAgentThreads: "agents.threads",
  sendAsAgentInstance: "agents.send",
  waitAgentMessages: "agents.messages",
  streamAgentMessages: "agents.streamMessages",

  listSchedules: "schedules.list",

  createDomain: "domains.create",
  listDomains: "domains.list",
  getDomain: "domains.get",
  getDomainZone: "domains.zone",
  verifyDomain: "domains.verify",
  rotateDomainDkim: "domains.rotateDkim",
  deleteDomain: "domains.delete",
  configureDomainDnsUpdate: "domains.configureDnsUpdate",
  removeDomainDnsUpdate: "domains.removeDnsUpdate",
  publishDomainRecords: "domains.publish",

  createApiKey: "apiKeys.create",
  listApiKeys: "apiKeys.list",
  getApiKey: "apiKeys.get",
  revokeApiKey: "apiKeys.revoke",

  listSuppressions: "suppressions.list",
  deleteSuppression: "suppressions.delete",

  createWebhook: "webhooks.create",
  listWebhooks: "webhooks.list",
  getWebhook: "webhooks.get",
  updateWebhook: "webhooks.update",
  deleteWebhook: "webhooks.delete",
  listWebhookDeliveries: "webhooks.deliveries",
  replayWebhookDelivery: "webhooks.replayDelivery",
  replayWebhookEvents: "webhooks.replay",
  rotateWebhookSecret: "webhooks.rotateSecret",

  streamEvents: "events.stream",
};

/** Further methods that call an operation already in {@link OPERATIONS} (same operation, another shape). */
export const ALIASES = {
  "messages.get": "getMessage",
  "threads.search": "listThreads",
  "agents.waitForReply": "waitAgentMessages",
};
