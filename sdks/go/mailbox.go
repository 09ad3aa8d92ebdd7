package mailroom

import (
	"context"
	"net/url"
	"strings"
)

// MessagesService reads and changes stored messages.
type MessagesService struct{ c *Client }

// Get reads a message (GET /v1/messages/{id}). An id this client just sent is waited for (its 404 retried up to
// 5 s: WithReadYourSends); so are Raw and Body.
func (s *MessagesService) Get(ctx context.Context, id string) (*Message, error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	return readYourSend(ctx, s.c, id, func() (*Message, error) {
		return fetch[Message](ctx, s.c, &request{method: "GET", path: pathOf("messages", id)})
	})
}

// Update changes a message's flags, folder or labels (PATCH /v1/messages/{id}).
func (s *MessagesService) Update(ctx context.Context, id string, patch MessageChange) (*Message, error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	return fetch[Message](ctx, s.c, &request{method: "PATCH", path: pathOf("messages", id), body: patch})
}

// UpdateMany changes several messages at once (POST /v1/messages/batch).
func (s *MessagesService) UpdateMany(ctx context.Context, batch MessageBatch) (*MessageBatchResult, error) {
	return fetch[MessageBatchResult](ctx, s.c, &request{method: "POST", path: "/v1/messages/batch", body: batch})
}

// Delete deletes a message (DELETE /v1/messages/{id}).
func (s *MessagesService) Delete(ctx context.Context, id string) error {
	if err := required("id", id); err != nil {
		return err
	}
	return s.c.call(ctx, &request{method: "DELETE", path: pathOf("messages", id)}, nil)
}

// Raw reads the message as received or sent, RFC 5322 bytes (GET /v1/messages/{id}/raw).
func (s *MessagesService) Raw(ctx context.Context, id string) ([]byte, error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	return readYourSend(ctx, s.c, id, func() ([]byte, error) {
		return s.c.raw(ctx, &request{method: "GET", path: pathOf("messages", id, "raw"), accept: "message/rfc822"})
	})
}

// BodyParams chooses how a message body is rendered: Images "show" lets remote images load (default: blocked).
type BodyParams struct {
	Images string
}

// Body reads the message's sanitised HTML body (GET /v1/messages/{id}/body).
func (s *MessagesService) Body(ctx context.Context, id string, p BodyParams) (string, error) {
	if err := required("id", id); err != nil {
		return "", err
	}
	q := url.Values{}
	setQuery(q, "images", p.Images)
	b, err := readYourSend(ctx, s.c, id, func() ([]byte, error) {
		return s.c.raw(ctx, &request{method: "GET", path: pathOf("messages", id, "body"), query: q,
			accept: "text/html"})
	})
	return string(b), err
}

// AttachmentParams chooses how an attachment is read: Format "text" for its extracted text, Disposition
// "attachment" or "inline".
type AttachmentParams struct {
	Format      string
	Disposition string
}

// Attachment reads an attachment's bytes, or its extracted text for Format "text"
// (GET /v1/messages/{id}/attachments/{attachment_id}).
func (s *MessagesService) Attachment(ctx context.Context, id, attachmentID string, p AttachmentParams) ([]byte,
	error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	if err := required("attachmentID", attachmentID); err != nil {
		return nil, err
	}
	q := url.Values{}
	setQuery(q, "format", p.Format)
	setQuery(q, "disposition", p.Disposition)
	return s.c.raw(ctx, &request{method: "GET", path: pathOf("messages", id, "attachments", attachmentID), query: q,
		accept: "*/*"})
}

// MailboxesService lists and deletes mailboxes.
type MailboxesService struct{ c *Client }

// List iterates over the mailboxes the key covers (GET /v1/mailboxes).
func (s *MailboxesService) List(ctx context.Context, p ListParams) *Pager[Mailbox] {
	return pagerOf[Mailbox](ctx, s.c, "/v1/mailboxes", nil, p)
}

// ListPage reads one page of mailboxes.
func (s *MailboxesService) ListPage(ctx context.Context, p ListParams) (*Page[Mailbox], error) {
	return pageOf[Mailbox](ctx, s.c, "/v1/mailboxes", nil, p)
}

// Delete deletes a mailbox and its mail (DELETE /v1/mailboxes/{id}).
func (s *MailboxesService) Delete(ctx context.Context, id string) error {
	if err := required("id", id); err != nil {
		return err
	}
	return s.c.call(ctx, &request{method: "DELETE", path: pathOf("mailboxes", id)}, nil)
}

// ThreadListParams filters a thread list: a mailbox id, a folder (inbox, archive, trash, spam, sent), a label, a
// search query Q, and paging.
type ThreadListParams struct {
	Mailbox   string
	Folder    string
	Label     string
	Q         string
	Limit     int
	PageToken string
}

func (p ThreadListParams) filters() url.Values {
	q := url.Values{}
	setQuery(q, "mailbox", p.Mailbox)
	setQuery(q, "folder", p.Folder)
	setQuery(q, "label", p.Label)
	setQuery(q, "q", p.Q)
	return q
}

// ThreadsService lists, searches, reads and changes threads.
type ThreadsService struct{ c *Client }

// List iterates over threads, newest first (GET /v1/threads).
func (s *ThreadsService) List(ctx context.Context, p ThreadListParams) *Pager[ThreadSummary] {
	return pagerOf[ThreadSummary](ctx, s.c, "/v1/threads", p.filters(), ListParams{p.Limit, p.PageToken})
}

// ListPage reads one page of threads.
func (s *ThreadsService) ListPage(ctx context.Context, p ThreadListParams) (*Page[ThreadSummary], error) {
	return pageOf[ThreadSummary](ctx, s.c, "/v1/threads", p.filters(), ListParams{p.Limit, p.PageToken})
}

// Search iterates over the threads matching q (the same operation as List, with q).
func (s *ThreadsService) Search(ctx context.Context, q string, p ThreadListParams) *Pager[ThreadSummary] {
	p.Q = q
	return s.List(ctx, p)
}

// Get reads a thread with its messages (GET /v1/threads/{id}).
func (s *ThreadsService) Get(ctx context.Context, id string) (*Thread, error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	return fetch[Thread](ctx, s.c, &request{method: "GET", path: pathOf("threads", id)})
}

// Update changes every message of a thread (PATCH /v1/threads/{id}).
func (s *ThreadsService) Update(ctx context.Context, id string, patch MessageChange) (*Thread, error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	return fetch[Thread](ctx, s.c, &request{method: "PATCH", path: pathOf("threads", id), body: patch})
}

// Delete deletes a thread (DELETE /v1/threads/{id}).
func (s *ThreadsService) Delete(ctx context.Context, id string) error {
	if err := required("id", id); err != nil {
		return err
	}
	return s.c.call(ctx, &request{method: "DELETE", path: pathOf("threads", id)}, nil)
}

// LabelListParams chooses the mailbox whose labels are listed (empty: every mailbox the key covers).
type LabelListParams struct {
	Mailbox string
}

// LabelsService lists labels.
type LabelsService struct{ c *Client }

// List reads the labels with their counts (GET /v1/labels).
func (s *LabelsService) List(ctx context.Context, p LabelListParams) ([]Label, error) {
	q := url.Values{}
	setQuery(q, "mailbox", p.Mailbox)
	var out struct {
		Items []Label `json:"items"`
	}
	if err := s.c.call(ctx, &request{method: "GET", path: "/v1/labels", query: q}, &out); err != nil {
		return nil, err
	}
	return out.Items, nil
}

// SuppressionsService lists and removes suppressed addresses.
type SuppressionsService struct{ c *Client }

// List iterates over the suppressed addresses (GET /v1/suppressions).
func (s *SuppressionsService) List(ctx context.Context, p ListParams) *Pager[Suppression] {
	return pagerOf[Suppression](ctx, s.c, "/v1/suppressions", nil, p)
}

// ListPage reads one page of suppressions.
func (s *SuppressionsService) ListPage(ctx context.Context, p ListParams) (*Page[Suppression], error) {
	return pageOf[Suppression](ctx, s.c, "/v1/suppressions", nil, p)
}

// Delete lets mail go to an address again (DELETE /v1/suppressions/{address}).
func (s *SuppressionsService) Delete(ctx context.Context, address string) error {
	if err := required("address", address); err != nil {
		return err
	}
	return s.c.call(ctx, &request{method: "DELETE", path: pathOf("suppressions", strings.TrimSpace(address))}, nil)
}
