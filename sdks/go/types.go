package mailroom

import (
	"time"
)

// The types of the api's answers and bodies (components.schemas of sdks/openapi.json), JSON names as on the wire.
// Times are time.Time (the zero time when absent); open-ended documents (an agent's state, event data, schedule
// payloads) are map[string]any.

// Address is a mailbox: a display name and an address.
type Address struct {
	Name    string `json:"name,omitempty"`
	Address string `json:"address"`
}

// String is "Name <address>" or the address alone.
func (a Address) String() string {
	if a.Name == "" {
		return a.Address
	}
	return a.Name + " <" + a.Address + ">"
}

// SendResult is the answer to a send: the send id (look it up with Emails.Get) and the Message-ID header.
type SendResult struct {
	ID        string `json:"id"`
	MessageID string `json:"message_id"`
}

// BatchResult is the answer to a batch send: ids and Message-IDs in the order of the batch.
type BatchResult struct {
	IDs        []string `json:"ids"`
	MessageIDs []string `json:"message_ids"`
}

// ReplyResult is the answer to a reply, forward or agent send: queued, or held as a draft (DraftID).
type ReplyResult struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	DraftID   string `json:"draft_id,omitempty"`
	MessageID string `json:"message_id,omitempty"`
}

// AttachmentInfo describes a stored attachment.
type AttachmentInfo struct {
	ID          string `json:"id"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	ContentID   string `json:"content_id,omitempty"`
	Inline      bool   `json:"inline"`
	TextStatus  string `json:"text_status,omitempty"`
}

// SPFVerdict, DKIMVerdict and DMARCVerdict are the authentication results of an inbound message.
type SPFVerdict struct {
	Result string `json:"result"`
	Domain string `json:"domain"`
	Detail string `json:"detail"`
}

// DKIMVerdict is one DKIM signature's result.
type DKIMVerdict struct {
	Result    string `json:"result"`
	Domain    string `json:"domain"`
	Selector  string `json:"selector"`
	Algorithm string `json:"algorithm"`
	Detail    string `json:"detail"`
}

// DMARCVerdict is the DMARC result.
type DMARCVerdict struct {
	Result      string `json:"result"`
	Domain      string `json:"domain"`
	Policy      string `json:"policy"`
	SPFAligned  bool   `json:"spf_aligned"`
	DKIMAligned bool   `json:"dkim_aligned"`
}

// Authentication is an inbound message's SPF/DKIM/DMARC verdicts and its Authentication-Results header.
type Authentication struct {
	SPF    *SPFVerdict   `json:"spf"`
	DKIM   []DKIMVerdict `json:"dkim"`
	DMARC  *DMARCVerdict `json:"dmarc"`
	Header string        `json:"header"`
}

// AgentRef names an agent instance.
type AgentRef struct {
	Class    string `json:"class"`
	Instance string `json:"instance"`
}

// MessageRoute tells how an inbound message found its agent.
type MessageRoute struct {
	By       string    `json:"by"`
	Verified bool      `json:"verified"`
	Detail   string    `json:"detail"`
	Address  string    `json:"address"`
	Agent    *AgentRef `json:"agent"`
}

// RawInfo describes the stored raw message.
type RawInfo struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// MessageRecipient is the delivery state of one recipient of an outbound message.
type MessageRecipient struct {
	Address       string    `json:"address"`
	Status        string    `json:"status"`
	Attempts      int       `json:"attempts"`
	NextAttemptAt time.Time `json:"next_attempt_at"`
	LastReply     string    `json:"last_reply"`
}

// DeliveryAttempt is one delivery attempt of an outbound message.
type DeliveryAttempt struct {
	Recipient string    `json:"recipient"`
	At        time.Time `json:"at"`
	Host      string    `json:"host"`
	Outcome   string    `json:"outcome"`
	Reply     string    `json:"reply"`
}

// MessageDelivery is an outbound message's delivery summary.
type MessageDelivery struct {
	Status     string             `json:"status"`
	QueuedAt   time.Time          `json:"queued_at"`
	Recipients []MessageRecipient `json:"recipients"`
	Attempts   []DeliveryAttempt  `json:"attempts"`
}

// Message is a stored message (schema MailMessage): what Emails.Get and Messages.Get answer. Status is the
// delivery status of an outbound message (queued, sent, delivered, deferred, partially-delivered, bounced,
// suppressed, failed).
type Message struct {
	ID             string             `json:"id"`
	Direction      string             `json:"direction"`
	From           *Address           `json:"from"`
	To             []Address          `json:"to"`
	Cc             []Address          `json:"cc"`
	Bcc            []Address          `json:"bcc"`
	ReplyTo        []Address          `json:"reply_to"`
	Subject        string             `json:"subject"`
	At             time.Time          `json:"at"`
	Date           time.Time          `json:"date"`
	Snippet        string             `json:"snippet"`
	Unread         bool               `json:"unread"`
	Starred        bool               `json:"starred"`
	Labels         []string           `json:"labels"`
	Folder         string             `json:"folder"`
	Status         string             `json:"status"`
	MailboxID      string             `json:"mailbox_id"`
	Mailbox        string             `json:"mailbox"`
	ThreadID       string             `json:"thread_id"`
	MessageID      string             `json:"message_id"`
	InReplyTo      []string           `json:"in_reply_to"`
	References     []string           `json:"references"`
	Text           string             `json:"text"`
	HTML           string             `json:"html"`
	AutoReply      string             `json:"auto_reply"`
	Authentication *Authentication    `json:"authentication"`
	Route          *MessageRoute      `json:"route"`
	Agent          *AgentRef          `json:"agent"`
	Raw            *RawInfo           `json:"raw"`
	Attachments    []AttachmentInfo   `json:"attachments"`
	Recipients     []MessageRecipient `json:"recipients"`
	Attempts       []DeliveryAttempt  `json:"attempts"`
	RemoteImages   int                `json:"remote_images"`
	Delivery       *MessageDelivery   `json:"delivery"`
}

// MessageSummary is a message in a thread.
type MessageSummary struct {
	ID          string           `json:"id"`
	Direction   string           `json:"direction"`
	From        *Address         `json:"from"`
	To          []Address        `json:"to"`
	Cc          []Address        `json:"cc"`
	Subject     string           `json:"subject"`
	At          time.Time        `json:"at"`
	Snippet     string           `json:"snippet"`
	Unread      bool             `json:"unread"`
	Starred     bool             `json:"starred"`
	Labels      []string         `json:"labels"`
	Folder      string           `json:"folder"`
	Status      string           `json:"status"`
	Attachments []AttachmentInfo `json:"attachments"`
}

// ThreadDraft is a draft shown in a thread.
type ThreadDraft struct {
	ID        string    `json:"id"`
	Status    string    `json:"status"`
	Reason    string    `json:"reason"`
	Subject   string    `json:"subject"`
	Text      string    `json:"text"`
	HTML      string    `json:"html"`
	To        []string  `json:"to"`
	InReplyTo string    `json:"in_reply_to"`
	MessageID string    `json:"message_id"`
	CreatedAt time.Time `json:"created_at"`
}

// Thread is a mailbox thread with its messages (schema MailThread).
type Thread struct {
	ID            string           `json:"id"`
	MailboxID     string           `json:"mailbox_id"`
	Mailbox       string           `json:"mailbox"`
	Subject       string           `json:"subject"`
	Root          string           `json:"root"`
	MessageCount  int              `json:"message_count"`
	UnreadCount   int              `json:"unread_count"`
	NeedsReply    bool             `json:"needs_reply"`
	LastMessageAt time.Time        `json:"last_message_at"`
	Messages      []MessageSummary `json:"messages"`
	AgentClass    string           `json:"agent_class"`
	AgentInstance string           `json:"agent_instance"`
	Drafts        []ThreadDraft    `json:"drafts"`
	DraftsError   string           `json:"drafts_error"`
}

// ThreadParticipant is a participant of a listed thread.
type ThreadParticipant struct {
	Name    string `json:"name"`
	Address string `json:"address"`
}

// SearchHighlights are the matches of a search in a listed thread.
type SearchHighlights struct {
	Subject    string         `json:"subject"`
	Body       string         `json:"body"`
	Attachment map[string]any `json:"attachment"`
}

// ThreadSummary is a listed thread.
type ThreadSummary struct {
	ID              string              `json:"id"`
	MailboxID       string              `json:"mailbox_id"`
	Subject         string              `json:"subject"`
	Snippet         string              `json:"snippet"`
	LastMessageAt   time.Time           `json:"last_message_at"`
	MessageCount    int                 `json:"message_count"`
	UnreadCount     int                 `json:"unread_count"`
	NeedsReply      bool                `json:"needs_reply"`
	Labels          []string            `json:"labels"`
	Participants    []ThreadParticipant `json:"participants"`
	Starred         bool                `json:"starred"`
	HasAttachments  bool                `json:"has_attachments"`
	DraftsPending   int                 `json:"drafts_pending"`
	DeliveryProblem string              `json:"delivery_problem"`
	MessageIDs      []string            `json:"message_ids"`
	Highlights      *SearchHighlights   `json:"highlights"`
}

// Mailbox is an address's mailbox.
type Mailbox struct {
	ID                  string `json:"id"`
	Address             string `json:"address"`
	Domain              string `json:"domain"`
	AgentClass          string `json:"agent_class"`
	AgentInstance       string `json:"agent_instance"`
	Messages            int64  `json:"messages"`
	Unread              int64  `json:"unread"`
	ThreadsNeedingReply int64  `json:"threads_needing_reply"`
}

// Label is a label of a mailbox with its counts.
type Label struct {
	Name     string `json:"name"`
	Messages int    `json:"messages"`
	Unread   int    `json:"unread"`
	Threads  int    `json:"threads"`
}

// MessageChange is a change of flags, folder and labels (PATCH of a message or thread); nil/empty fields are left
// as they are.
type MessageChange struct {
	Unread       *bool    `json:"unread,omitempty"`
	Starred      *bool    `json:"starred,omitempty"`
	Folder       string   `json:"folder,omitempty"`
	Labels       []string `json:"labels,omitempty"`
	AddLabels    []string `json:"add_labels,omitempty"`
	RemoveLabels []string `json:"remove_labels,omitempty"`
}

// Bool returns a pointer to b, for the optional fields of MessageChange and WebhookParams.
func Bool(b bool) *bool { return &b }

// Int64 returns a pointer to v, for optional cursors such as WaitParams.After.
func Int64(v int64) *int64 { return &v }

// MessageBatch changes several messages at once.
type MessageBatch struct {
	IDs   []string      `json:"ids"`
	Patch MessageChange `json:"patch"`
}

// MessageBatchResult says how many messages changed.
type MessageBatchResult struct {
	Updated int `json:"updated"`
}

// DraftAttachment is an attachment of a draft.
type DraftAttachment struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	ContentID   string `json:"content_id,omitempty"`
}

// DraftMessage is the message a draft would send.
type DraftMessage struct {
	From        *Address          `json:"from"`
	To          []Address         `json:"to"`
	Cc          []Address         `json:"cc"`
	Bcc         []Address         `json:"bcc"`
	ReplyTo     []Address         `json:"reply_to"`
	Subject     string            `json:"subject"`
	Text        string            `json:"text"`
	HTML        string            `json:"html"`
	InReplyTo   string            `json:"in_reply_to"`
	References  []string          `json:"references"`
	Attachments []DraftAttachment `json:"attachments"`
	MessageID   string            `json:"message_id"`
}

// Draft is a message an agent wrote that waits for approval (status pending, approved or rejected).
type Draft struct {
	ID             string        `json:"id"`
	Agent          string        `json:"agent"`
	ThreadID       string        `json:"thread_id"`
	Reason         string        `json:"reason"`
	Status         string        `json:"status"`
	Request        *DraftMessage `json:"request"`
	CreatedAt      time.Time     `json:"created_at"`
	DecidedAt      time.Time     `json:"decided_at"`
	DecidedBy      string        `json:"decided_by"`
	DecisionReason string        `json:"decision_reason"`
}

// DraftApproval edits a draft while approving it; empty fields keep the draft's.
type DraftApproval struct {
	Subject string   `json:"subject,omitempty"`
	Text    string   `json:"text,omitempty"`
	HTML    string   `json:"html,omitempty"`
	To      []string `json:"to,omitempty"`
}

// AgentWebhookView is where a webhook agent is called (its secret is never shown).
type AgentWebhookView struct {
	URL     string `json:"url"`
	Timeout string `json:"timeout"`
}

// Agent is an agent class (schema Agent): kind java or webhook, source code, configuration or api.
type Agent struct {
	Name       string            `json:"name"`
	Kind       string            `json:"kind"`
	Source     string            `json:"source"`
	Addresses  []string          `json:"addresses"`
	Webhook    *AgentWebhookView `json:"webhook"`
	SendPolicy string            `json:"send_policy"`
}

// AgentClass is a listed agent class.
type AgentClass struct {
	Class      string   `json:"class"`
	Registered bool     `json:"registered"`
	Instances  int64    `json:"instances"`
	SendPolicy string   `json:"send_policy"`
	Kind       string   `json:"kind"`
	Addresses  []string `json:"addresses"`
}

// AgentWebhook is where a webhook agent class is called: URL, the signing secret (≥ 16 characters) and a timeout
// such as "10s".
type AgentWebhook struct {
	URL     string `json:"url"`
	Secret  string `json:"secret,omitempty"`
	Timeout string `json:"timeout,omitempty"`
}

// AgentDefinition registers (or changes) a webhook agent class.
type AgentDefinition struct {
	Name      string        `json:"name,omitempty"`
	Address   string        `json:"address,omitempty"`
	Addresses []string      `json:"addresses,omitempty"`
	Webhook   *AgentWebhook `json:"webhook,omitempty"`
}

// AgentInstance is one instance of an agent class, with its state.
type AgentInstance struct {
	Class     string         `json:"class"`
	Instance  string         `json:"instance"`
	Key       string         `json:"key"`
	Address   string         `json:"address"`
	State     map[string]any `json:"state"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
}

// InstanceEvent is an entry of an instance's event log.
type InstanceEvent struct {
	Type     string    `json:"type"`
	At       time.Time `json:"at"`
	ID       string    `json:"id"`
	ThreadID string    `json:"thread_id"`
	Subject  string    `json:"subject"`
	From     *Address  `json:"from"`
	To       []Address `json:"to"`
	Reason   string    `json:"reason"`
	DueAt    time.Time `json:"due_at"`
}

// HistoryMessage is a message of an agent instance's history (direction in or out).
type HistoryMessage struct {
	ID         string    `json:"id"`
	ThreadID   string    `json:"thread_id"`
	Direction  string    `json:"direction"`
	MessageID  string    `json:"message_id"`
	From       *Address  `json:"from"`
	To         []Address `json:"to"`
	ReplyTo    []Address `json:"reply_to"`
	Subject    string    `json:"subject"`
	Text       string    `json:"text"`
	HTML       string    `json:"html"`
	InReplyTo  string    `json:"in_reply_to"`
	References []string  `json:"references"`
	At         time.Time `json:"at"`
}

// Conversation is a thread of an agent instance's history (schema Thread), messages oldest first.
type Conversation struct {
	ID       string           `json:"id"`
	Subject  string           `json:"subject"`
	Messages []HistoryMessage `json:"messages"`
}

// WaitedMessage is a message of an agent instance found by a wait or a stream: the history message (its fields
// are promoted: msg.Subject, msg.From, msg.Text, msg.ThreadID), its history sequence number Seq (pass it as After
// to wait for the next one) and the agent's key.
type WaitedMessage struct {
	Seq            int64  `json:"seq"`
	Agent          string `json:"agent"`
	HistoryMessage `json:"message"`
}

// WaitPage is one long poll's answer: the messages after the cursor and the cursor to wait after next.
type WaitPage struct {
	Messages []WaitedMessage `json:"messages"`
	Cursor   int64           `json:"cursor"`
}

// OutgoingFile is an attachment of a reply or an agent send; Content is base64 on the wire ([]byte here).
type OutgoingFile struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type,omitempty"`
	Content     []byte `json:"content"`
	ContentID   string `json:"content_id,omitempty"`
}

// Schedule is an agent's wake-up.
type Schedule struct {
	ID        string         `json:"id"`
	Agent     string         `json:"agent"`
	ThreadID  string         `json:"thread_id"`
	DueAt     time.Time      `json:"due_at"`
	Status    string         `json:"status"`
	Attempts  int            `json:"attempts"`
	LastError string         `json:"last_error"`
	Payload   map[string]any `json:"payload"`
	CreatedAt time.Time      `json:"created_at"`
	FiredAt   time.Time      `json:"fired_at"`
}

// DomainKey is a DKIM key of a domain (schema KeyView).
type DomainKey struct {
	Selector    string    `json:"selector"`
	Algorithm   string    `json:"algorithm"`
	Status      string    `json:"status"`
	Signing     bool      `json:"signing"`
	CreatedAt   time.Time `json:"created_at"`
	PublishedAt time.Time `json:"published_at"`
	RetiringAt  time.Time `json:"retiring_at"`
	RetiredAt   time.Time `json:"retired_at"`
}

// DNSRecord is a DNS record a domain needs, with what was found (schema RecordView).
type DNSRecord struct {
	Purpose string   `json:"purpose"`
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Value   string   `json:"value"`
	RData   string   `json:"rdata"`
	TTL     int      `json:"ttl"`
	Status  string   `json:"status"`
	Found   []string `json:"found"`
	Detail  string   `json:"detail"`
}

// DNSChange is one change of a publication.
type DNSChange struct {
	Action string `json:"action"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	Value  string `json:"value"`
}

// Publication is the outcome of publishing a domain's records by DNS UPDATE.
type Publication struct {
	Status  string      `json:"status"`
	Changes []DNSChange `json:"changes"`
	Error   string      `json:"error"`
	At      time.Time   `json:"at"`
}

// DNSUpdate is a domain's DNS UPDATE configuration (schema DnsUpdateView; the key secret is never shown).
type DNSUpdate struct {
	Server          string       `json:"server"`
	Zone            string       `json:"zone"`
	KeyName         string       `json:"key_name"`
	KeyAlgorithm    string       `json:"key_algorithm"`
	PublishedAt     time.Time    `json:"published_at"`
	LastPublication *Publication `json:"last_publication"`
}

// DNSUpdateParams configures DNS UPDATE (RFC 2136, TSIG) for a domain.
type DNSUpdateParams struct {
	Server       string `json:"server"`
	Zone         string `json:"zone,omitempty"`
	KeyName      string `json:"key_name"`
	KeyAlgorithm string `json:"key_algorithm,omitempty"`
	KeySecret    string `json:"key_secret"`
}

// Domain is a sending domain with its keys and records (schema DomainView).
type Domain struct {
	Name                string      `json:"name"`
	RequireVerifiedDKIM bool        `json:"require_verified_dkim"`
	DKIMVerified        bool        `json:"dkim_verified"`
	CanSend             bool        `json:"can_send"`
	CreatedAt           time.Time   `json:"created_at"`
	VerifiedAt          time.Time   `json:"verified_at"`
	Keys                []DomainKey `json:"keys"`
	Records             []DNSRecord `json:"records"`
	DNSUpdate           *DNSUpdate  `json:"dns_update"`
}

// DomainParams adds a domain.
type DomainParams struct {
	Name                string `json:"name"`
	RequireVerifiedDKIM bool   `json:"require_verified_dkim,omitempty"`
}

// APIKey is an API key; Token is shown once, in the answer to APIKeys.Create.
type APIKey struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	Permissions   []string  `json:"permissions"`
	Domains       []string  `json:"domains"`
	RatePerMinute int       `json:"rate_per_minute"`
	CreatedAt     time.Time `json:"created_at"`
	Token         string    `json:"token,omitempty"`
}

// APIKeyParams creates an API key: permissions (e.g. send, read, admin), the domains it covers, and an optional
// rate per minute.
type APIKeyParams struct {
	Name          string   `json:"name"`
	Permissions   []string `json:"permissions"`
	Domains       []string `json:"domains,omitempty"`
	RatePerMinute int      `json:"rate_per_minute,omitempty"`
}

// Suppression is an address mail is no longer sent to (reason hard-bounce or manual).
type Suppression struct {
	Address   string    `json:"address"`
	Reason    string    `json:"reason"`
	Detail    string    `json:"detail"`
	MessageID string    `json:"message_id"`
	CreatedAt time.Time `json:"created_at"`
}

// Webhook is an event webhook; Secret (whsec_...) is shown when it is created.
type Webhook struct {
	ID                      string    `json:"id"`
	URL                     string    `json:"url"`
	EventTypes              []string  `json:"event_types"`
	MailboxID               string    `json:"mailbox_id"`
	Domain                  string    `json:"domain"`
	Description             string    `json:"description"`
	Enabled                 bool      `json:"enabled"`
	DisabledReason          string    `json:"disabled_reason"`
	DisabledAt              time.Time `json:"disabled_at"`
	PreviousSecretExpiresAt time.Time `json:"previous_secret_expires_at"`
	CreatedAt               time.Time `json:"created_at"`
	UpdatedAt               time.Time `json:"updated_at"`
	Secret                  string    `json:"secret,omitempty"`
}

// WebhookParams creates or changes (only the fields set) an event webhook.
type WebhookParams struct {
	URL         string   `json:"url,omitempty"`
	EventTypes  []string `json:"event_types,omitempty"`
	MailboxID   string   `json:"mailbox_id,omitempty"`
	Domain      string   `json:"domain,omitempty"`
	Description string   `json:"description,omitempty"`
	Enabled     *bool    `json:"enabled,omitempty"`
}

// WebhookDelivery is one event delivered (or being delivered) to a webhook.
type WebhookDelivery struct {
	ID             string    `json:"id"`
	EventID        string    `json:"event_id"`
	EventType      string    `json:"event_type"`
	Status         string    `json:"status"`
	Attempts       int       `json:"attempts"`
	LastStatusCode int       `json:"last_status_code"`
	LastError      string    `json:"last_error"`
	LastAttemptAt  time.Time `json:"last_attempt_at"`
	NextAttemptAt  time.Time `json:"next_attempt_at"`
	CreatedAt      time.Time `json:"created_at"`
}

// WebhookDeliveryList is a page of deliveries, newest first; NextBefore (when not nil) fetches the older ones.
type WebhookDeliveryList struct {
	Items      []WebhookDelivery `json:"items"`
	NextBefore *int64            `json:"next_before"`
}

// WebhookReplayParams replays the events of a time range to a webhook.
type WebhookReplayParams struct {
	Since *time.Time `json:"since,omitempty"`
	Until *time.Time `json:"until,omitempty"`
}

// WebhookReplayResult says how many events were queued again.
type WebhookReplayResult struct {
	Replayed int `json:"replayed"`
}

// WebhookSecret is a webhook's new secret after a rotation; the previous one keeps signing until
// PreviousSecretExpiresAt.
type WebhookSecret struct {
	ID                      string    `json:"id"`
	Secret                  string    `json:"secret"`
	PreviousSecretExpiresAt time.Time `json:"previous_secret_expires_at"`
}
