package mailroom

// Operations maps every operationId of the api's OpenAPI document (sdks/openapi.json) with a /v1/ path to the
// method that calls it, "<Client field>.<method>". operations_test.go fails when an operation is missing, an entry
// names an operation the document lacks, or an entry does not resolve to a method of a constructed Client. The two
// /client/v4/ operations (Cloudflare-compatible send) are for Cloudflare's own SDKs and are not covered.
var Operations = map[string]string{
	"sendEmail":         "Emails.Send",
	"sendEmailBatch":    "Emails.SendBatch",
	"getMessage":        "Emails.Get",
	"replyToMessage":    "Emails.Reply",
	"replyAllToMessage": "Emails.ReplyAll",
	"forwardMessage":    "Emails.Forward",

	"listMailboxes": "Mailboxes.List",
	"deleteMailbox": "Mailboxes.Delete",

	"listThreads":  "Threads.List",
	"getThread":    "Threads.Get",
	"updateThread": "Threads.Update",
	"deleteThread": "Threads.Delete",

	"updateMessage":  "Messages.Update",
	"updateMessages": "Messages.UpdateMany",
	"deleteMessage":  "Messages.Delete",
	"getRawMessage":  "Messages.Raw",
	"getMessageBody": "Messages.Body",
	"getAttachment":  "Messages.Attachment",

	"listLabels": "Labels.List",

	"listDrafts":   "Drafts.List",
	"getDraft":     "Drafts.Get",
	"approveDraft": "Drafts.Approve",
	"rejectDraft":  "Drafts.Reject",

	"listAgentClasses":        "Agents.List",
	"createAgent":             "Agents.Create",
	"getAgent":                "Agents.Get",
	"updateAgent":             "Agents.Update",
	"deleteAgent":             "Agents.Delete",
	"listAgentInstances":      "Agents.Instances",
	"getAgentInstance":        "Agents.GetInstance",
	"listAgentInstanceEvents": "Agents.Events",
	"listAgentThreads":        "Agents.Threads",
	"sendAsAgentInstance":     "Agents.Send",
	"waitAgentMessages":       "Agents.Messages",
	"streamAgentMessages":     "Agents.StreamMessages",

	"listSchedules": "Schedules.List",

	"createDomain":             "Domains.Create",
	"listDomains":              "Domains.List",
	"getDomain":                "Domains.Get",
	"getDomainZone":            "Domains.Zone",
	"verifyDomain":             "Domains.Verify",
	"rotateDomainDkim":         "Domains.RotateDKIM",
	"deleteDomain":             "Domains.Delete",
	"configureDomainDnsUpdate": "Domains.ConfigureDNSUpdate",
	"removeDomainDnsUpdate":    "Domains.RemoveDNSUpdate",
	"publishDomainRecords":     "Domains.Publish",

	"createApiKey": "APIKeys.Create",
	"listApiKeys":  "APIKeys.List",
	"getApiKey":    "APIKeys.Get",
	"revokeApiKey": "APIKeys.Revoke",

	"listSuppressions":  "Suppressions.List",
	"deleteSuppression": "Suppressions.Delete",

	"createWebhook":         "Webhooks.Create",
	"listWebhooks":          "Webhooks.List",
	"getWebhook":            "Webhooks.Get",
	"updateWebhook":         "Webhooks.Update",
	"deleteWebhook":         "Webhooks.Delete",
	"listWebhookDeliveries": "Webhooks.Deliveries",
	"replayWebhookDelivery": "Webhooks.ReplayDelivery",
	"replayWebhookEvents":   "Webhooks.Replay",
	"rotateWebhookSecret":   "Webhooks.RotateSecret",

	"streamEvents": "Events.Stream",
}
