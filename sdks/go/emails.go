package mailroom

import (
	"context"
	"fmt"
	"mime"
	"os"
	"path/filepath"
)

// Attachment is a file sent with an email: Content is the bytes (base64 on the wire, field AttachmentJson.content).
// AttachmentFromFile reads one from disk.
type Attachment struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type,omitempty"`
	Content     []byte `json:"content"`
	// ContentID makes the attachment inline (referenced as cid:<ContentID> in the HTML).
	ContentID string `json:"content_id,omitempty"`
}

// AttachmentFromFile reads a file into an Attachment named after the file, its type guessed from the extension.
func AttachmentFromFile(path string) (Attachment, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Attachment{}, fmt.Errorf("mailroom: attachment: %w", err)
	}
	name := filepath.Base(path)
	ct := mime.TypeByExtension(filepath.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	return Attachment{Filename: name, ContentType: ct, Content: b}, nil
}

// SendParams is an email to send (schema SendJson). From must be an address of a domain the key covers.
type SendParams struct {
	From        string            `json:"from"`
	To          []string          `json:"to"`
	Cc          []string          `json:"cc,omitempty"`
	Bcc         []string          `json:"bcc,omitempty"`
	ReplyTo     []string          `json:"reply_to,omitempty"`
	Subject     string            `json:"subject"`
	Text        string            `json:"text,omitempty"`
	HTML        string            `json:"html,omitempty"`
	Attachments []Attachment      `json:"attachments,omitempty"`
	Headers     map[string]string `json:"headers,omitempty"`
	InReplyTo   string            `json:"in_reply_to,omitempty"`
	References  []string          `json:"references,omitempty"`
	Tags        []string          `json:"tags,omitempty"`
	// IdempotencyKey is sent as the Idempotency-Key header (a UUID is generated when empty): the same key sends once.
	IdempotencyKey string `json:"-"`
}

// BatchParams is several emails sent in one request, under one Idempotency-Key (generated when empty).
type BatchParams struct {
	Emails         []SendParams
	IdempotencyKey string
}

// ReplyParams is a reply, reply-all or forward (schema Reply): To is required for a forward.
type ReplyParams struct {
	Text               string         `json:"text,omitempty"`
	HTML               string         `json:"html,omitempty"`
	To                 []string       `json:"to,omitempty"`
	Cc                 []string       `json:"cc,omitempty"`
	Bcc                []string       `json:"bcc,omitempty"`
	Attachments        []OutgoingFile `json:"attachments,omitempty"`
	IncludeAttachments bool           `json:"include_attachments,omitempty"`
	// IdempotencyKey is sent as the Idempotency-Key header (a UUID is generated when empty).
	IdempotencyKey string `json:"-"`
}

func keyOr(k string) string {
	if k == "" {
		return newIdempotencyKey()
	}
	return k
}

// EmailsService sends email and reads its status.
type EmailsService struct{ c *Client }

// Send sends an email (POST /v1/send). The answer's ID is the send id: Get(ctx, id) shows its delivery status.
func (s *EmailsService) Send(ctx context.Context, p SendParams) (*SendResult, error) {
	res, err := fetch[SendResult](ctx, s.c, &request{method: "POST", path: "/v1/send", body: p,
		idempotencyKey: keyOr(p.IdempotencyKey)})
	if err == nil {
		s.c.sent(res.ID)
	}
	return res, err
}

// SendBatch sends several emails in one request (POST /v1/send/batch).
func (s *EmailsService) SendBatch(ctx context.Context, p BatchParams) (*BatchResult, error) {
	emails := p.Emails
	if emails == nil {
		emails = []SendParams{}
	}
	res, err := fetch[BatchResult](ctx, s.c, &request{method: "POST", path: "/v1/send/batch", body: emails,
		idempotencyKey: keyOr(p.IdempotencyKey)})
	if err == nil {
		s.c.sent(res.IDs...)
	}
	return res, err
}

// Get reads a sent (or received) message with its delivery status and attempts (GET /v1/messages/{id}). An id
// this client just sent is waited for (its 404 retried up to 5 s: WithReadYourSends).
func (s *EmailsService) Get(ctx context.Context, id string) (*Message, error) {
	return s.c.Messages.Get(ctx, id)
}

func (s *EmailsService) answer(ctx context.Context, id, verb string, p ReplyParams) (*ReplyResult, error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	res, err := fetch[ReplyResult](ctx, s.c, &request{method: "POST", path: pathOf("messages", id, verb), body: p,
		idempotencyKey: keyOr(p.IdempotencyKey)})
	if err == nil {
		s.c.sent(res.ID)
	}
	return res, err
}

// Reply answers the sender of a message (POST /v1/messages/{id}/reply).
func (s *EmailsService) Reply(ctx context.Context, id string, p ReplyParams) (*ReplyResult, error) {
	return s.answer(ctx, id, "reply", p)
}

// ReplyAll answers the sender and every recipient of a message (POST /v1/messages/{id}/reply-all).
func (s *EmailsService) ReplyAll(ctx context.Context, id string, p ReplyParams) (*ReplyResult, error) {
	return s.answer(ctx, id, "reply-all", p)
}

// Forward forwards a message to p.To (POST /v1/messages/{id}/forward).
func (s *EmailsService) Forward(ctx context.Context, id string, p ReplyParams) (*ReplyResult, error) {
	return s.answer(ctx, id, "forward", p)
}
