package mailroom

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// AgentsService registers webhook agents and reads agent instances, their history and state, and waits for their
// mail.
type AgentsService struct{ c *Client }

// List iterates over the agent classes (GET /v1/agents).
func (s *AgentsService) List(ctx context.Context, p ListParams) *Pager[AgentClass] {
	return pagerOf[AgentClass](ctx, s.c, "/v1/agents", nil, p)
}

// ListPage reads one page of agent classes.
func (s *AgentsService) ListPage(ctx context.Context, p ListParams) (*Page[AgentClass], error) {
	return pageOf[AgentClass](ctx, s.c, "/v1/agents", nil, p)
}

// Create registers a webhook agent class (POST /v1/agents; admin key).
func (s *AgentsService) Create(ctx context.Context, def AgentDefinition) (*Agent, error) {
	return fetch[Agent](ctx, s.c, &request{method: "POST", path: "/v1/agents", body: def})
}

// Get reads an agent class (GET /v1/agents/{name}).
func (s *AgentsService) Get(ctx context.Context, name string) (*Agent, error) {
	if err := required("name", name); err != nil {
		return nil, err
	}
	return fetch[Agent](ctx, s.c, &request{method: "GET", path: pathOf("agents", name)})
}

// Update changes a webhook agent class; an empty secret keeps the stored one (PUT /v1/agents/{name}).
func (s *AgentsService) Update(ctx context.Context, name string, def AgentDefinition) (*Agent, error) {
	if err := required("name", name); err != nil {
		return nil, err
	}
	return fetch[Agent](ctx, s.c, &request{method: "PUT", path: pathOf("agents", name), body: def})
}

// Delete removes a webhook agent class (DELETE /v1/agents/{name}).
func (s *AgentsService) Delete(ctx context.Context, name string) error {
	if err := required("name", name); err != nil {
		return err
	}
	return s.c.call(ctx, &request{method: "DELETE", path: pathOf("agents", name)}, nil)
}

// Instances iterates over a class's instances (GET /v1/agents/{class}/instances).
func (s *AgentsService) Instances(ctx context.Context, class string, p ListParams) *Pager[AgentInstance] {
	return pagerOf[AgentInstance](ctx, s.c, pathOf("agents", class, "instances"), nil, p)
}

// InstancesPage reads one page of a class's instances.
func (s *AgentsService) InstancesPage(ctx context.Context, class string, p ListParams) (*Page[AgentInstance],
	error) {
	return pageOf[AgentInstance](ctx, s.c, pathOf("agents", class, "instances"), nil, p)
}

// GetInstance reads an instance with its state (GET /v1/agents/{class}/instances/{instance}).
func (s *AgentsService) GetInstance(ctx context.Context, class, instance string) (*AgentInstance, error) {
	if err := requiredInstance(class, instance); err != nil {
		return nil, err
	}
	return fetch[AgentInstance](ctx, s.c, &request{method: "GET", path: pathOf("agents", class, "instances", instance)})
}

// EventsParams limits an instance's event log.
type EventsParams struct {
	Limit int
}

// Events reads an instance's recent events, newest first (GET /v1/agents/{class}/instances/{instance}/events).
func (s *AgentsService) Events(ctx context.Context, class, instance string, p EventsParams) ([]InstanceEvent,
	error) {
	if err := requiredInstance(class, instance); err != nil {
		return nil, err
	}
	q := url.Values{}
	setInt(q, "limit", p.Limit)
	var out struct {
		Items []InstanceEvent `json:"items"`
	}
	err := s.c.call(ctx, &request{method: "GET", path: pathOf("agents", class, "instances", instance, "events"),
		query: q}, &out)
	if err != nil {
		return nil, err
	}
	return out.Items, nil
}

// Threads iterates over an instance's history threads (GET /v1/agents/{class}/instances/{instance}/threads).
func (s *AgentsService) Threads(ctx context.Context, class, instance string, p ListParams) *Pager[Conversation] {
	return pagerOf[Conversation](ctx, s.c, pathOf("agents", class, "instances", instance, "threads"), nil, p)
}

// ThreadsPage reads one page of an instance's history threads.
func (s *AgentsService) ThreadsPage(ctx context.Context, class, instance string, p ListParams) (*Page[Conversation],
	error) {
	return pageOf[Conversation](ctx, s.c, pathOf("agents", class, "instances", instance, "threads"), nil, p)
}

// InstanceSendParams is a message an agent instance sends (schema InstanceSend); From defaults to the instance's
// address.
type InstanceSendParams struct {
	From        string         `json:"from,omitempty"`
	To          []string       `json:"to"`
	Cc          []string       `json:"cc,omitempty"`
	Bcc         []string       `json:"bcc,omitempty"`
	Subject     string         `json:"subject"`
	Text        string         `json:"text,omitempty"`
	HTML        string         `json:"html,omitempty"`
	Attachments []OutgoingFile `json:"attachments,omitempty"`
	InReplyTo   string         `json:"in_reply_to,omitempty"`
	References  []string       `json:"references,omitempty"`
	// IdempotencyKey is sent as the Idempotency-Key header (a UUID is generated when empty).
	IdempotencyKey string `json:"-"`
}

// Send sends a message as an agent instance, under its send policy
// (POST /v1/agents/{class}/instances/{instance}/send).
func (s *AgentsService) Send(ctx context.Context, class, instance string, p InstanceSendParams) (*ReplyResult,
	error) {
	if err := requiredInstance(class, instance); err != nil {
		return nil, err
	}
	res, err := fetch[ReplyResult](ctx, s.c, &request{method: "POST", path: pathOf("agents", class, "instances",
		instance, "send"), body: p, idempotencyKey: keyOr(p.IdempotencyKey)})
	if err == nil {
		s.c.sent(res.ID)
	}
	return res, err
}

// MessagesParams is one long poll of an instance's messages: after a history sequence number (nil: now), in one
// direction ("in" or "out"; empty: both), in one thread, waiting up to Wait when there is nothing yet (0: answer at
// once; at most the server's max-wait, 30 s by default).
type MessagesParams struct {
	After     *int64
	Direction string
	Thread    string
	Wait      time.Duration
}

func (p MessagesParams) query(withWait bool) url.Values {
	q := url.Values{}
	if p.After != nil {
		q.Set("after", strconv.FormatInt(*p.After, 10))
	}
	setQuery(q, "direction", p.Direction)
	setQuery(q, "thread", p.Thread)
	if withWait {
		q.Set("wait", strconv.FormatInt(p.Wait.Milliseconds(), 10)+"ms")
	}
	return q
}

// Messages is one long poll (GET /v1/agents/{class}/instances/{instance}/messages): the raw WaitPage.
func (s *AgentsService) Messages(ctx context.Context, class, instance string, p MessagesParams) (*WaitPage, error) {
	if err := requiredInstance(class, instance); err != nil {
		return nil, err
	}
	if p.Wait < 0 {
		p.Wait = 0
	}
	return fetch[WaitPage](ctx, s.c, &request{method: "GET", path: pathOf("agents", class, "instances", instance,
		"messages"), query: p.query(true), extra: p.Wait})
}

// WaitParams is a wait for an instance's next message: after a history sequence number (nil: the moment of the
// call), in a direction (default "in": a message reaching the instance; "out": the agent's own answer), in a
// thread, for at most Timeout (default 30 s).
type WaitParams struct {
	After     *int64
	Timeout   time.Duration
	Direction string
	Thread    string
}

// maxLongPoll is the longest single long poll WaitForReply asks for (the server's default max-wait).
const maxLongPoll = 30 * time.Second

// WaitForReply returns the first message of the instance after the cursor, long-polling until p.Timeout passes;
// then it returns nil, nil (a timeout is not an error). The answer's Seq, passed as After, waits for the next one.
func (s *AgentsService) WaitForReply(ctx context.Context, class, instance string, p WaitParams) (*WaitedMessage,
	error) {
	if err := requiredInstance(class, instance); err != nil {
		return nil, err
	}
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	direction := p.Direction
	if direction == "" {
		direction = "in"
	}
	deadline := time.Now().Add(timeout)
	after := p.After
	for {
		remaining := time.Until(deadline)
		if remaining < 0 {
			remaining = 0
		}
		wait := remaining
		if wait > maxLongPoll {
			wait = maxLongPoll
		}
		page, err := s.Messages(ctx, class, instance, MessagesParams{After: after, Direction: direction,
			Thread: p.Thread, Wait: wait.Truncate(time.Millisecond)})
		if err != nil {
			return nil, err
		}
		if len(page.Messages) > 0 {
			m := page.Messages[0]
			return &m, nil
		}
		cursor := page.Cursor
		after = &cursor
		if remaining == 0 || !time.Now().Before(deadline) {
			return nil, nil
		}
	}
}

// StreamParams chooses where an instance's message stream starts (After: a history sequence number; nil: now) and
// what it shows (Direction, Thread).
type StreamParams struct {
	After     *int64
	Direction string
	Thread    string
}

// StreamMessages streams an instance's messages as they commit
// (GET /v1/agents/{class}/instances/{instance}/messages/stream), reconnecting after a dropped connection with
// after=<last seq>, so nothing is missed or repeated. Close it when done.
func (s *AgentsService) StreamMessages(ctx context.Context, class, instance string, p StreamParams) *MessageStream {
	path := pathOf("agents", class, "instances", instance, "messages", "stream")
	var last *int64
	if p.After != nil {
		v := *p.After
		last = &v
	}
	st := &MessageStream{}
	st.s = newSSEStream(ctx, s.c, func(string) *request {
		q := MessagesParams{After: last, Direction: p.Direction, Thread: p.Thread}.query(false)
		return &request{method: "GET", path: path, query: q, accept: "text/event-stream"}
	}, func(ev sseEvent) (any, error) {
		var m WaitedMessage
		if err := jsonUnmarshal([]byte(ev.data), &m); err != nil {
			return nil, fmt.Errorf("mailroom: a message of the stream is not JSON: %w", err)
		}
		seq := m.Seq
		last = &seq
		return &m, nil
	})
	if err := requiredInstance(class, instance); err != nil {
		st.s.fail(err)
	}
	return st
}

// MessageStream is an iterator over an agent instance's messages:
//
//	st := c.Agents.StreamMessages(ctx, "Echo", "t1", mailroom.StreamParams{})
//	defer st.Close()
//	for st.Next(ctx) {
//		fmt.Println(st.Message().Subject)
//	}
//	err := st.Err()
type MessageStream struct {
	Stream[WaitedMessage]
}

// Message is the current message (the same as Event).
func (m *MessageStream) Message() *WaitedMessage { return m.cur }

func requiredInstance(class, instance string) error {
	if err := required("class", class); err != nil {
		return err
	}
	return required("instance", instance)
}

// DraftListParams filters drafts: by agent class and instance, status (pending, approved, rejected) and thread.
type DraftListParams struct {
	Class     string
	Instance  string
	Status    string
	Thread    string
	Limit     int
	PageToken string
}

func (p DraftListParams) filters() url.Values {
	q := url.Values{}
	setQuery(q, "class", p.Class)
	setQuery(q, "instance", p.Instance)
	setQuery(q, "status", p.Status)
	setQuery(q, "thread", p.Thread)
	return q
}

// DraftsService lists, approves and rejects agents' drafts.
type DraftsService struct{ c *Client }

// List iterates over drafts (GET /v1/drafts).
func (s *DraftsService) List(ctx context.Context, p DraftListParams) *Pager[Draft] {
	return pagerOf[Draft](ctx, s.c, "/v1/drafts", p.filters(), ListParams{p.Limit, p.PageToken})
}

// ListPage reads one page of drafts.
func (s *DraftsService) ListPage(ctx context.Context, p DraftListParams) (*Page[Draft], error) {
	return pageOf[Draft](ctx, s.c, "/v1/drafts", p.filters(), ListParams{p.Limit, p.PageToken})
}

// Get reads a draft (GET /v1/drafts/{id}).
func (s *DraftsService) Get(ctx context.Context, id string) (*Draft, error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	return fetch[Draft](ctx, s.c, &request{method: "GET", path: pathOf("drafts", id)})
}

// Approve sends a draft, edited when edits is not nil (POST /v1/drafts/{id}/approve); a decided draft is a 409.
func (s *DraftsService) Approve(ctx context.Context, id string, edits *DraftApproval) (*Draft, error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	body := edits
	if body == nil {
		body = &DraftApproval{}
	}
	return fetch[Draft](ctx, s.c, &request{method: "POST", path: pathOf("drafts", id, "approve"), body: body})
}

// Reject refuses a draft with an optional reason (POST /v1/drafts/{id}/reject).
func (s *DraftsService) Reject(ctx context.Context, id string, reason string) (*Draft, error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	body := struct {
		Reason string `json:"reason,omitempty"`
	}{reason}
	return fetch[Draft](ctx, s.c, &request{method: "POST", path: pathOf("drafts", id, "reject"), body: body})
}

// ScheduleListParams filters agents' schedules by class, instance and status (pending, fired, failed).
type ScheduleListParams struct {
	Class     string
	Instance  string
	Status    string
	Limit     int
	PageToken string
}

// SchedulesService lists agents' wake-ups.
type SchedulesService struct{ c *Client }

// List iterates over schedules (GET /v1/schedules).
func (s *SchedulesService) List(ctx context.Context, p ScheduleListParams) *Pager[Schedule] {
	return pagerOf[Schedule](ctx, s.c, "/v1/schedules", p.filters(), ListParams{p.Limit, p.PageToken})
}

// ListPage reads one page of schedules.
func (s *SchedulesService) ListPage(ctx context.Context, p ScheduleListParams) (*Page[Schedule], error) {
	return pageOf[Schedule](ctx, s.c, "/v1/schedules", p.filters(), ListParams{p.Limit, p.PageToken})
}

func (p ScheduleListParams) filters() url.Values {
	q := url.Values{}
	setQuery(q, "class", p.Class)
	setQuery(q, "instance", p.Instance)
	setQuery(q, "status", p.Status)
	return q
}
