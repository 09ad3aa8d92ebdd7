package mailroom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// AgentWebhookRef names the instance an agent webhook is for.
type AgentWebhookRef struct {
	ClassName string `json:"class_name"`
	Instance  string `json:"instance"`
}

// MessageFile is an attachment of a routed message.
type MessageFile struct {
	Filename      string `json:"filename"`
	ContentType   string `json:"content_type"`
	Size          int64  `json:"size"`
	SHA256        string `json:"sha256"`
	ContentID     string `json:"content_id"`
	ContentBase64 string `json:"content_base64"`
}

// ParsedMessage is the message of a routed email.
type ParsedMessage struct {
	MessageID      string            `json:"message_id"`
	InReplyTo      []string          `json:"in_reply_to"`
	References     []string          `json:"references"`
	From           *Address          `json:"from"`
	ReplyTo        []Address         `json:"reply_to"`
	To             []Address         `json:"to"`
	Cc             []Address         `json:"cc"`
	Subject        string            `json:"subject"`
	Date           time.Time         `json:"date"`
	Text           string            `json:"text"`
	HTML           string            `json:"html"`
	Attachments    []MessageFile     `json:"attachments"`
	ThreadID       string            `json:"thread_id"`
	ReplyText      string            `json:"reply_text"`
	AutoReply      string            `json:"auto_reply"`
	RoutingHeaders map[string]string `json:"routing_headers"`
}

// RoutedEmail is the email an agent webhook of event "email" carries.
type RoutedEmail struct {
	V              int             `json:"v"`
	ID             string          `json:"id"`
	InboundID      string          `json:"inbound_id"`
	Recipient      string          `json:"recipient"`
	Agent          AgentWebhookRef `json:"agent"`
	Route          map[string]any  `json:"route"`
	MailFrom       string          `json:"mail_from"`
	ClientIP       string          `json:"client_ip"`
	ReceivedAt     time.Time       `json:"received_at"`
	Message        ParsedMessage   `json:"message"`
	Authentication map[string]any  `json:"authentication"`
}

// AgentEvent is what agent-host POSTs to a webhook agent: an email to an instance (Event "email", Email set) or a
// schedule firing (Event "schedule", Payload set), with the instance's State and recent History. Delivery is the
// X-Mailroom-Delivery header (= ID, the same on retries: an idempotency key).
type AgentEvent struct {
	V        int             `json:"v"`
	Event    string          `json:"event"`
	ID       string          `json:"id"`
	Agent    AgentWebhookRef `json:"agent"`
	Email    *RoutedEmail    `json:"email,omitempty"`
	Payload  any             `json:"payload,omitempty"`
	ThreadID string          `json:"thread_id"`
	State    map[string]any  `json:"state"`
	History  []Conversation  `json:"history"`
	Delivery string          `json:"-"`
	Raw      json.RawMessage `json:"-"`
}

// AgentMessage is a message in an agent's answer: a reply (in Replies, or in Drafts with Reply true) or a new
// message (To required).
type AgentMessage struct {
	Reply   bool     `json:"reply,omitempty"`
	To      []string `json:"to,omitempty"`
	Cc      []string `json:"cc,omitempty"`
	Subject string   `json:"subject,omitempty"`
	Text    string   `json:"text,omitempty"`
	HTML    string   `json:"html,omitempty"`
}

// AgentSchedule is a wake-up in an agent's answer: after DelaySeconds or At, with a payload.
type AgentSchedule struct {
	DelaySeconds int64      `json:"delay_seconds,omitempty"`
	At           *time.Time `json:"at,omitempty"`
	Payload      any        `json:"payload,omitempty"`
}

// AgentAnswer is a webhook agent's answer; every field is optional. State (when not nil) replaces the instance's
// state.
type AgentAnswer struct {
	State     any             `json:"state,omitempty"`
	Replies   []AgentMessage  `json:"replies,omitempty"`
	Sends     []AgentMessage  `json:"sends,omitempty"`
	Drafts    []AgentMessage  `json:"drafts,omitempty"`
	Schedules []AgentSchedule `json:"schedules,omitempty"`
}

// AgentFunc handles one agent event; a nil answer means "nothing to do" ({}), an error makes the host retry.
type AgentFunc func(ctx context.Context, ev *AgentEvent) (*AgentAnswer, error)

// AgentWebhookResponse is what to answer the host: status, headers and body.
type AgentWebhookResponse struct {
	Status  int
	Headers map[string]string
	Body    []byte
}

func problemResponse(status int, kind, title, detail string) AgentWebhookResponse {
	body, _ := json.Marshal(map[string]any{"type": "https://mailroom.dev/problems/" + kind, "title": title,
		"status": status, "detail": detail})
	return AgentWebhookResponse{Status: status, Headers: map[string]string{"Content-Type": "application/problem+json"},
		Body: body}
}

// DecodeAgentEvent reads an agent webhook's body (not verified: see VerifyWebhook).
func DecodeAgentEvent(body []byte) (*AgentEvent, error) {
	var ev AgentEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		return nil, fmt.Errorf("not an agent event: %w", err)
	}
	switch ev.Event {
	case "email":
		if ev.Email == nil {
			return nil, errors.New("an email event without email")
		}
	case "schedule":
	default:
		return nil, fmt.Errorf("unknown event %q (email or schedule)", ev.Event)
	}
	if ev.Agent.ClassName == "" || ev.Agent.Instance == "" {
		return nil, errors.New("the event names no agent class and instance")
	}
	ev.Raw = append(json.RawMessage(nil), body...)
	return &ev, nil
}

// HandleAgentWebhook is the framework-neutral agent handler: it verifies the body and headers under the class's
// secret, decodes the event, calls fn and returns the answer to send: 200 with the answer JSON ({} when fn returns
// nil), 401 for a bad or missing signature, 400 for a body that is not an agent event, 500 when fn fails or panics
// (the host retries); errors as problem+json.
func HandleAgentWebhook(ctx context.Context, body []byte, headers http.Header, secret string, fn AgentFunc,
	opts ...VerifyOption) (resp AgentWebhookResponse) {
	cfg := verifyConfigOf(opts)
	if header(headers, HeaderAgentSignature) == "" {
		return problemResponse(401, "unauthorized", "Unauthorized", "X-Mailroom-Signature is missing")
	}
	if err := verifyAgent(body, headers, secret, cfg); err != nil {
		return problemResponse(401, "unauthorized", "Unauthorized", err.Error())
	}
	ev, err := DecodeAgentEvent(body)
	if err != nil {
		return problemResponse(400, "bad-request", "Bad Request", err.Error())
	}
	ev.Delivery = header(headers, HeaderAgentDelivery)
	defer func() {
		if r := recover(); r != nil {
			resp = problemResponse(500, "internal-error", "Internal Server Error",
				fmt.Sprintf("the agent function panicked: %v", r))
		}
	}()
	answer, err := fn(ctx, ev)
	if err != nil {
		return problemResponse(500, "internal-error", "Internal Server Error", "the agent function failed: "+
			err.Error())
	}
	if answer == nil {
		answer = &AgentAnswer{}
	}
	out, err := json.Marshal(answer)
	if err != nil {
		return problemResponse(500, "internal-error", "Internal Server Error", "cannot encode the answer: "+
			err.Error())
	}
	return AgentWebhookResponse{Status: 200, Headers: map[string]string{"Content-Type": "application/json"},
		Body: out}
}

// maxAgentBody is the largest agent webhook body AgentHandler reads.
const maxAgentBody = 32 << 20

// AgentHandler is an http.Handler for a webhook agent class: POST requests go through HandleAgentWebhook.
//
//	echo := func(ctx context.Context, ev *mailroom.AgentEvent) (*mailroom.AgentAnswer, error) {
//		return &mailroom.AgentAnswer{Replies: []mailroom.AgentMessage{{Text: "Hello"}}}, nil
//	}
//	http.Handle("/agent", mailroom.AgentHandler(secret, echo))
func AgentHandler(secret string, fn AgentFunc, opts ...VerifyOption) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var resp AgentWebhookResponse
		if r.Method != http.MethodPost {
			resp = problemResponse(405, "method-not-allowed", "Method Not Allowed", "an agent webhook is a POST")
			w.Header().Set("Allow", "POST")
		} else if body, err := io.ReadAll(io.LimitReader(r.Body, maxAgentBody+1)); err != nil {
			resp = problemResponse(400, "bad-request", "Bad Request", "cannot read the body: "+err.Error())
		} else if len(body) > maxAgentBody {
			resp = problemResponse(413, "bad-request", "Payload Too Large", "the body is over 32 MiB")
		} else {
			resp = HandleAgentWebhook(r.Context(), body, r.Header, secret, fn, opts...)
		}
		for k, v := range resp.Headers {
			w.Header().Set(k, v)
		}
		w.WriteHeader(resp.Status)
		_, _ = w.Write(resp.Body)
	})
}
