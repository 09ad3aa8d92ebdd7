package mailroom

// The live suite: run against a running stack with
//
//	MAILROOM_LIVE=1 MAILROOM_BASE_URL=... MAILROOM_API_KEY=... MAILROOM_SMTP=127.0.0.1:<port> \
//	MAILROOM_SINK_DIR=... MAILROOM_DOMAIN=agents.localhost MAILROOM_RUN=<unique> go test -count=1 -run Live ./...
//
// Every test is skipped unless MAILROOM_LIVE=1. Instance names, subjects and class names carry MAILROOM_RUN so that
// several SDKs' suites can share one stack.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/smtp"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type liveEnv struct {
	c       *Client
	baseURL string
	apiKey  string
	smtp    string
	sinkDir string
	domain  string
	run     string
}

func live(t *testing.T) *liveEnv {
	t.Helper()
	if os.Getenv("MAILROOM_LIVE") != "1" {
		t.Skip("live test: set MAILROOM_LIVE=1 and the MAILROOM_* variables of a running stack")
	}
	e := &liveEnv{baseURL: os.Getenv("MAILROOM_BASE_URL"), apiKey: os.Getenv("MAILROOM_API_KEY"),
		smtp: os.Getenv("MAILROOM_SMTP"), sinkDir: os.Getenv("MAILROOM_SINK_DIR"),
		domain: os.Getenv("MAILROOM_DOMAIN"), run: os.Getenv("MAILROOM_RUN")}
	if e.domain == "" {
		e.domain = "agents.localhost"
	}
	if e.run == "" {
		e.run = fmt.Sprintf("r%d", time.Now().UnixNano())
	}
	e.run = strings.ToLower(regexp.MustCompile(`[^A-Za-z0-9-]`).ReplaceAllString(e.run, "-"))
	for name, v := range map[string]string{"MAILROOM_BASE_URL": e.baseURL, "MAILROOM_API_KEY": e.apiKey} {
		if v == "" {
			t.Fatalf("%s is not set", name)
		}
	}
	e.c = NewClient(e.apiKey, WithBaseURL(e.baseURL))
	return e
}

func (e *liveEnv) needSMTP(t *testing.T) {
	t.Helper()
	if e.smtp == "" || e.sinkDir == "" {
		t.Fatal("MAILROOM_SMTP and MAILROOM_SINK_DIR are needed")
	}
}

// sendSMTP hands a message to ingress by plain SMTP; it returns the server's error (e.g. an unknown recipient).
func (e *liveEnv) sendSMTP(to, subject, messageID, body string) error {
	c, err := smtp.Dial(e.smtp)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello("go-sdk.test"); err != nil {
		return err
	}
	if err := c.Mail("tester@example.org"); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	msg := "From: Tester <tester@example.org>\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: <" +
		messageID + ">\r\nDate: " + time.Now().UTC().Format(time.RFC1123Z) +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n"
	if _, err := io.WriteString(w, msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// sinkMessage waits for a message at the SMTP sink containing all the given strings.
func (e *liveEnv) sinkMessage(t *testing.T, within time.Duration, contains ...string) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		files, _ := filepath.Glob(filepath.Join(e.sinkDir, "*"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			all := true
			for _, s := range contains {
				all = all && strings.Contains(string(b), s)
			}
			if all {
				return string(b)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no message at the sink %s contains %q within %s", e.sinkDir, contains, within)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func ctxFor(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestLiveSendIsDeliveredToTheSink(t *testing.T) {
	e := live(t)
	e.needSMTP(t)
	ctx := ctxFor(t, 2*time.Minute)
	subject := "go sdk send " + e.run
	sent, err := e.c.Emails.Send(ctx, SendParams{From: "go-sdk@" + e.domain, To: []string{"customer@example.org"},
		Subject: subject, Text: "hello from the Go SDK " + e.run,
		Attachments: []Attachment{{Filename: "note.txt", ContentType: "text/plain", Content: []byte("attached " + e.run)}}})
	if err != nil {
		t.Fatal(err)
	}
	if sent.ID == "" {
		t.Fatalf("no send id: %+v", sent)
	}
	status := ""
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
		m, err := e.c.Emails.Get(ctx, sent.ID)
		if err != nil { // no 404 expected: a read of the client's own send waits until the mailbox has filed it
			t.Fatal(err)
		}
		status = m.Status
		if status == "delivered" || status == "sent" {
			break // "sent": relayed to the stack's smarthost (the sink), its final state there
		}
	}
	if status != "delivered" && status != "sent" {
		t.Fatalf("status %q, want delivered (or sent: relayed to a smarthost)", status)
	}
	e.sinkMessage(t, 30*time.Second, "Subject: "+subject)
}

func TestLiveEchoAnswerIsAwaitedWithWaitForReply(t *testing.T) {
	e := live(t)
	e.needSMTP(t)
	ctx := ctxFor(t, 2*time.Minute)
	instance := e.run + "-go"
	subject := "go echo " + e.run
	if err := e.sendSMTP("echo+"+instance+"@"+e.domain, subject, "echo-"+e.run+"@go.test", "ping"); err != nil {
		t.Fatal(err)
	}
	msg, err := e.c.Agents.WaitForReply(ctx, "Echo", instance, WaitParams{After: Int64(0), Direction: "out",
		Timeout: 90 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if msg == nil {
		t.Fatal("no answer from Echo within 90 s")
	}
	if msg.Subject != "Re: "+subject || msg.ThreadID == "" || msg.Seq <= 0 || msg.Direction == "" {
		t.Errorf("answer %+v", msg)
	}
	// nothing after it: the wait ends empty, without an error
	next, err := e.c.Agents.WaitForReply(ctx, "Echo", instance, WaitParams{After: Int64(msg.Seq), Direction: "out",
		Timeout: 2 * time.Second})
	if err != nil || next != nil {
		t.Errorf("a wait with nothing to find: %+v %v", next, err)
	}
}

func TestLiveDrafterDraftIsApprovedWithAnEdit(t *testing.T) {
	e := live(t)
	e.needSMTP(t)
	ctx := ctxFor(t, 2*time.Minute)
	instance := e.run + "-go"
	if err := e.sendSMTP("drafter+"+instance+"@"+e.domain, "go draft "+e.run, "draft-"+e.run+"@go.test",
		"may I have an answer?"); err != nil {
		t.Fatal(err)
	}
	var draft Draft
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(500 * time.Millisecond) {
		drafts, err := e.c.Drafts.List(ctx, DraftListParams{Class: "Drafter", Instance: instance, Status: "pending"}).
			All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(drafts) > 0 {
			draft = drafts[0]
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no pending Drafter draft within 60 s")
		}
	}
	edited := "edited by the Go SDK " + e.run
	approved, err := e.c.Drafts.Approve(ctx, draft.ID, &DraftApproval{Text: edited})
	if err != nil {
		t.Fatal(err)
	}
	if approved.Status != "approved" && approved.Status != "" {
		t.Errorf("status after approval %q", approved.Status)
	}
	if _, err := e.c.Drafts.Approve(ctx, draft.ID, nil); !IsConflict(err) {
		t.Errorf("approving twice: %v, want a 409", err)
	}
	e.sinkMessage(t, 60*time.Second, edited)
}

func TestLiveEventWebhookDeliveryVerifiesAndATamperedOneIsRefused(t *testing.T) {
	e := live(t)
	ctx := ctxFor(t, 2*time.Minute)
	type delivery struct {
		body    []byte
		headers http.Header
	}
	deliveries := make(chan delivery, 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		deliveries <- delivery{b, r.Header.Clone()}
		w.WriteHeader(204)
	}))
	defer srv.Close()
	hook, err := e.c.Webhooks.Create(ctx, WebhookParams{URL: srv.URL + "/events", EventTypes: []string{"message.sent"},
		Domain: e.domain, Description: "go sdk live " + e.run})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = e.c.Webhooks.Delete(context.Background(), hook.ID) }()
	if !strings.HasPrefix(hook.Secret, "whsec_") {
		t.Fatalf("secret %q", hook.Secret)
	}
	sent, err := e.c.Emails.Send(ctx, SendParams{From: "go-sdk@" + e.domain, To: []string{"hook@example.org"},
		Subject: "go webhook " + e.run, Text: "an event"})
	if err != nil {
		t.Fatal(err)
	}
	for {
		select {
		case d := <-deliveries:
			if !strings.Contains(string(d.body), sent.ID) {
				continue // another run's event
			}
			out, err := VerifyWebhook(d.body, d.headers, hook.Secret)
			if err != nil {
				t.Fatalf("a real delivery did not verify: %v", err)
			}
			if out["type"] != "message.sent" {
				t.Errorf("event %v", out)
			}
			tampered := []byte(strings.Replace(string(d.body), sent.ID, sent.ID+"x", 1))
			var v *WebhookVerificationError
			if _, err := VerifyWebhook(tampered, d.headers, hook.Secret); !errors.As(err, &v) ||
				v.Reason != "bad-signature" {
				t.Errorf("a tampered delivery: %v", err)
			}
			return
		case <-ctx.Done():
			t.Fatal("no delivery of the send's event within the time")
		}
	}
}

func TestLiveExampleAgentAnswersThroughTheAgentHandler(t *testing.T) {
	e := live(t)
	e.needSMTP(t)
	ctx := ctxFor(t, 3*time.Minute)
	secret := "go-sdk-live-secret-" + e.run
	var calls int32
	srv := httptest.NewServer(AgentHandler(secret, func(ctx context.Context, ev *AgentEvent) (*AgentAnswer, error) {
		atomic.AddInt32(&calls, 1)
		if ev.Event != "email" {
			return nil, nil
		}
		n, _ := ev.State["count"].(float64)
		return &AgentAnswer{State: map[string]any{"count": n + 1}, Replies: []AgentMessage{{
			Text: fmt.Sprintf("go echo: %s (instance=%s count=%d)", strings.TrimSpace(ev.Email.Message.Text), ev.Agent.Instance,
				int(n)+1)}}}, nil
	}))
	defer srv.Close()
	class := "GoEcho" + strings.ReplaceAll(e.run, "-", "")
	if len(class) > 64 {
		class = class[:64]
	}
	address := "goecho-" + e.run
	if len(address) > 60 {
		address = address[:60]
	}
	address = strings.TrimRight(address, "-")
	agent, err := e.c.Agents.Create(ctx, AgentDefinition{Name: class, Address: address,
		Webhook: &AgentWebhook{URL: srv.URL + "/agent", Secret: secret, Timeout: "10s"}})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := e.c.Agents.Delete(context.Background(), class); err != nil {
			t.Errorf("delete the class: %v", err)
		}
	}()
	if agent.Kind != "webhook" || agent.Name != class {
		t.Errorf("created %+v", agent)
	}
	if got, err := e.c.Agents.Get(ctx, class); err != nil || got.Webhook == nil || got.Webhook.URL != srv.URL+"/agent" {
		t.Errorf("get %+v %v", got, err)
	}
	marker := "go-agent-" + e.run
	to := address + "+i1@" + e.domain
	var sendErr error
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
		if sendErr = e.sendSMTP(to, marker, marker+"@go.test", "hello agent"); sendErr == nil {
			break // the address is known once the registry reached ingress
		}
	}
	if sendErr != nil {
		t.Fatalf("SMTP to %s: %v", to, sendErr)
	}
	reply := e.sinkMessage(t, 90*time.Second, "In-Reply-To: <"+marker+"@go.test>")
	if !strings.Contains(reply, "go echo: hello agent (instance=i1 count=1)") {
		t.Errorf("the reply's text: %s", reply)
	}
	if atomic.LoadInt32(&calls) == 0 {
		t.Error("the handler was never called")
	}
	inst, err := e.c.Agents.GetInstance(ctx, class, "i1")
	if err != nil || inst.State["count"] != 1.0 {
		t.Errorf("the instance's state: %+v %v", inst, err)
	}
}

func TestLivePaginationOverMoreThanOnePage(t *testing.T) {
	e := live(t)
	ctx := ctxFor(t, time.Minute)
	var created []string
	for i := 0; i < 2; i++ {
		k, err := e.c.APIKeys.Create(ctx, APIKeyParams{Name: fmt.Sprintf("go pager %s %d", e.run, i),
			Permissions: []string{"read"}, Domains: []string{e.domain}})
		if err != nil {
			t.Fatal(err)
		}
		created = append(created, k.ID)
	}
	defer func() {
		for _, id := range created {
			_ = e.c.APIKeys.Revoke(context.Background(), id)
		}
	}()
	p := e.c.APIKeys.List(ctx, ListParams{Limit: 1})
	seen := map[string]bool{}
	for p.Next(ctx) {
		if seen[p.Item().ID] {
			t.Fatalf("%s listed twice", p.Item().ID)
		}
		seen[p.Item().ID] = true
	}
	if p.Err() != nil {
		t.Fatal(p.Err())
	}
	if p.Pages() < 2 || !seen[created[0]] || !seen[created[1]] {
		t.Errorf("%d pages, %d keys, created %v", p.Pages(), len(seen), created)
	}
	first, err := e.c.APIKeys.ListPage(ctx, ListParams{Limit: 1})
	if err != nil || len(first.Items) != 1 || first.NextPageToken == "" {
		t.Errorf("one page: %+v %v", first, err)
	}
}

func TestLiveA429IsRetriedAfterRetryAfter(t *testing.T) {
	e := live(t)
	ctx := ctxFor(t, 3*time.Minute)
	key, err := e.c.APIKeys.Create(ctx, APIKeyParams{Name: "go rate " + e.run, Permissions: []string{"read"},
		Domains: []string{e.domain}, RatePerMinute: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = e.c.APIKeys.Revoke(context.Background(), key.ID) }()
	var mu sync.Mutex
	var retries []RetryInfo
	limited := NewClient(key.Token, WithBaseURL(e.baseURL), WithMaxRetries(3), WithOnRetry(func(r RetryInfo) {
		mu.Lock()
		retries = append(retries, r)
		mu.Unlock()
	}))
	for i := 0; i < 2; i++ {
		// a fresh key may take a moment to reach every verifier: a 401 right after creation is retried by hand
		var err error
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(300 * time.Millisecond) {
			_, err = limited.Mailboxes.ListPage(ctx, ListParams{Limit: 1})
			if !IsAuthentication(err) || time.Now().After(deadline) {
				break
			}
		}
		if err != nil {
			t.Fatalf("GET %d: %v", i+1, err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	got429 := false
	for _, r := range retries {
		got429 = got429 || r.Status == 429
	}
	if !got429 {
		t.Errorf("the second GET was not answered 429 and retried: %+v", retries)
	}
}

func TestLiveStreamsShowTheMessagesAndEvents(t *testing.T) {
	e := live(t)
	e.needSMTP(t)
	ctx := ctxFor(t, 2*time.Minute)
	events := e.c.Events.Stream(ctx, EventStreamParams{Types: []string{"message.sent"}, Domain: e.domain})
	defer events.Close()
	// the stream starts at the log's head when it connects: connect before causing the event
	first := make(chan bool, 1)
	sent := make(chan string, 1)
	go func() {
		var id string
		for events.Next(ctx) {
			if id == "" {
				id = <-sent
			}
			if strings.Contains(string(events.Event().Raw), id) {
				first <- true
				return
			}
		}
		first <- false
	}()
	time.Sleep(2 * time.Second)
	s, err := e.c.Emails.Send(ctx, SendParams{From: "go-sdk@" + e.domain, To: []string{"stream@example.org"},
		Subject: "go stream " + e.run, Text: "an event on the stream"})
	if err != nil {
		t.Fatal(err)
	}
	sent <- s.ID
	if !<-first {
		t.Errorf("the event stream ended without the send's event: %v", events.Err())
	}
	if events.LastEventID() == "" {
		t.Error("no event id to resume from")
	}

	instance := e.run + "-go-stream"
	subject := "go stream echo " + e.run
	if err := e.sendSMTP("echo+"+instance+"@"+e.domain, subject, "stream-"+e.run+"@go.test", "ping"); err != nil {
		t.Fatal(err)
	}
	st := e.c.Agents.StreamMessages(ctx, "Echo", instance, StreamParams{After: Int64(0), Direction: "out"})
	defer st.Close()
	if !st.Next(ctx) {
		t.Fatalf("no message on the instance's stream: %v", st.Err())
	}
	if st.Message().Subject != "Re: "+subject || st.Message().Seq <= 0 {
		t.Errorf("%+v", st.Message())
	}
}
