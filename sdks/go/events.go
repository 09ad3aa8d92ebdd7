package mailroom

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Event is a customer event (schema CustomerEvent), as the event stream and event webhooks carry it: its Type
// (e.g. message.received, message.delivered), when it happened, and its Data. ID is the stream's event id (the
// log's sequence number; empty for a webhook: its id is the webhook-id header).
type Event struct {
	ID        string          `json:"-"`
	Type      string          `json:"type"`
	Timestamp time.Time       `json:"timestamp"`
	Data      map[string]any  `json:"data"`
	Raw       json.RawMessage `json:"-"`
}

// DecodeEvent reads a customer event's JSON (a webhook body, or an event of the stream).
func DecodeEvent(body []byte) (*Event, error) {
	var ev Event
	if err := json.Unmarshal(body, &ev); err != nil {
		return nil, fmt.Errorf("mailroom: not a customer event: %w", err)
	}
	ev.Raw = append(json.RawMessage(nil), body...)
	return &ev, nil
}

// EventStreamParams filters the event stream (types, a mailbox id, a domain) and resumes it after LastEventID
// (empty: from now).
type EventStreamParams struct {
	Types       []string
	Mailbox     string
	Domain      string
	LastEventID string
}

// EventsService streams customer events.
type EventsService struct{ c *Client }

// Stream streams the customer events of the key's domains (GET /v1/events/stream, server-sent events), resuming
// with Last-Event-ID after a dropped connection so nothing is missed or repeated. Close it when done.
func (s *EventsService) Stream(ctx context.Context, p EventStreamParams) *EventStream {
	q := url.Values{}
	if len(p.Types) > 0 {
		q.Set("types", strings.Join(p.Types, ","))
	}
	setQuery(q, "mailbox", p.Mailbox)
	setQuery(q, "domain", p.Domain)
	st := &EventStream{}
	st.s = newSSEStream(ctx, s.c, func(lastID string) *request {
		h := http.Header{}
		if lastID != "" {
			h.Set("Last-Event-ID", lastID)
		}
		return &request{method: "GET", path: "/v1/events/stream", query: q, accept: "text/event-stream",
			headers: h}
	}, func(ev sseEvent) (any, error) {
		e, err := DecodeEvent([]byte(ev.data))
		if err != nil {
			return nil, err
		}
		e.ID = ev.id
		if e.Type == "" {
			e.Type = ev.event
		}
		return e, nil
	})
	st.s.lastID = p.LastEventID
	return st
}

// EventStream is an iterator over customer events:
//
//	st := c.Events.Stream(ctx, mailroom.EventStreamParams{Types: []string{"message.received"}})
//	defer st.Close()
//	for st.Next(ctx) {
//		ev := st.Event()
//		fmt.Println(ev.ID, ev.Type, ev.Data["message_id"])
//	}
//	err := st.Err()
type EventStream struct {
	Stream[Event]
}

// LastEventID is the id of the last event received: pass it as LastEventID to resume later.
func (e *EventStream) LastEventID() string { return e.s.LastID() }
