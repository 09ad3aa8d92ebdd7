package mailroom

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"
	"time"
)

// mailboxServer answers sends with ids and a GET of a message with 404 the first misses times, then 200. gets
// counts the GETs by path.
func mailboxServer(t *testing.T, misses int) (*httptest.Server, func(path string) int) {
	t.Helper()
	var mu sync.Mutex
	gets := map[string]int{}
	msg := regexp.MustCompile(`^/v1/messages/([^/]+)(/raw|/body)?$`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		answer := func(status int, ct, body string) {
			w.Header().Set("Content-Type", ct)
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}
		switch m := msg.FindStringSubmatch(r.URL.Path); {
		case r.Method == "POST" && r.URL.Path == "/v1/send":
			answer(202, "application/json", `{"id":"snd_1","message_id":"<1@x>"}`)
		case r.Method == "POST" && r.URL.Path == "/v1/send/batch":
			answer(202, "application/json", `{"ids":["b1","b2"],"message_ids":["<b1@x>","<b2@x>"]}`)
		case r.Method == "POST" && regexp.MustCompile(`/reply$`).MatchString(r.URL.Path):
			answer(202, "application/json", `{"id":"rep_1","status":"queued","message_id":"<r@x>"}`)
		case r.Method == "POST" && regexp.MustCompile(`/send$`).MatchString(r.URL.Path):
			answer(202, "application/json", `{"id":"ag_1","status":"queued","message_id":"<a@x>"}`)
		case r.Method == "GET" && m != nil:
			mu.Lock()
			gets[r.URL.Path]++
			n := gets[r.URL.Path]
			mu.Unlock()
			switch {
			case n <= misses:
				answer(404, "application/problem+json", `{"type":"about:blank","title":"Not Found","status":404}`)
			case m[2] == "/raw":
				answer(200, "message/rfc822", "Subject: s\r\n\r\nhi")
			case m[2] == "/body":
				answer(200, "text/html", "<p>hi</p>")
			default:
				answer(200, "application/json", fmt.Sprintf(`{"id":%q,"status":"queued","attempts":[]}`, m[1]))
			}
		default:
			answer(500, "application/problem+json", `{"title":"unexpected","status":500}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, func(path string) int {
		mu.Lock()
		defer mu.Unlock()
		return gets[path]
	}
}

var oneSend = SendParams{From: "a@agents.localhost", To: []string{"b@example.org"}, Subject: "s", Text: "t"}

// sendOne sends oneSend with c and returns the send id.
func sendOne(t *testing.T, c *Client) string {
	t.Helper()
	sent, err := c.Emails.Send(context.Background(), oneSend)
	if err != nil {
		t.Fatal(err)
	}
	return sent.ID
}

// wantOwnSendRead checks that Emails.Get of id succeeds and the server saw 3 GETs of it in all (a 404 server).
func wantOwnSendRead(t *testing.T, c *Client, gets func(string) int, id string) {
	t.Helper()
	if _, err := c.Emails.Get(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	wantGets(t, gets, "/v1/messages/"+id, 3)
}

// wantGets checks how many GETs of path the server saw.
func wantGets(t *testing.T, gets func(string) int, path string, want int) {
	t.Helper()
	if n := gets(path); n != want {
		t.Errorf("%s: the server saw %d GETs, want %d", path, n, want)
	}
}

func TestGetOfAnIDJustSentRetriesThe404UntilTheMailboxHasIt(t *testing.T) {
	srv, gets := mailboxServer(t, 2)
	ctx := context.Background()
	c := NewClient("k", WithBaseURL(srv.URL))
	sent := sendOne(t, c)
	start := time.Now()
	m, err := c.Emails.Get(ctx, sent)
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != "snd_1" || m.Status != "queued" {
		t.Errorf("%+v", m)
	}
	wantGets(t, gets, "/v1/messages/snd_1", 3)
	if took := time.Since(start); took < 250*time.Millisecond {
		t.Errorf("took %v, want 100 ms + 200 ms of backoff", took)
	}
}

func TestIDsFromBatchReplyAndAgentSendRetryOnGetRawAndBody(t *testing.T) {
	srv, gets := mailboxServer(t, 1)
	ctx := context.Background()
	c := NewClient("k", WithBaseURL(srv.URL))
	if _, err := c.Emails.SendBatch(ctx, BatchParams{Emails: []SendParams{oneSend, oneSend}}); err != nil {
		t.Fatal(err)
	}
	reply, err := c.Emails.Reply(ctx, "orig", ReplyParams{Text: "r"})
	if err != nil {
		t.Fatal(err)
	}
	agent, err := c.Agents.Send(ctx, "Echo", "t1", InstanceSendParams{To: []string{"b@y"}, Subject: "s", Text: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if m, err := c.Messages.Get(ctx, "b2"); err != nil || m.ID != "b2" {
		t.Errorf("get b2: %v %+v", err, m)
	}
	if b, err := c.Messages.Raw(ctx, "b1"); err != nil || string(b) != "Subject: s\r\n\r\nhi" {
		t.Errorf("raw b1: %v %q", err, b)
	}
	if b, err := c.Messages.Body(ctx, reply.ID, BodyParams{}); err != nil || b != "<p>hi</p>" {
		t.Errorf("body: %v %q", err, b)
	}
	if m, err := c.Emails.Get(ctx, agent.ID); err != nil || m.ID != "ag_1" {
		t.Errorf("get ag_1: %v %+v", err, m)
	}
	for _, p := range []string{"/v1/messages/b2", "/v1/messages/b1/raw", "/v1/messages/rep_1/body", "/v1/messages/ag_1"} {
		if n := gets(p); n != 2 {
			t.Errorf("%s: %d GETs, want 2", p, n)
		}
	}
}

func TestAnIDNeverSentAnswersIts404AtOnceWhileItsOwnSendIsWaitedFor(t *testing.T) {
	srv, gets := mailboxServer(t, 2)
	ctx := context.Background()
	c := NewClient("k", WithBaseURL(srv.URL))
	sent := sendOne(t, c)
	start := time.Now()
	if _, err := c.Emails.Get(ctx, "someone_elses"); !IsNotFound(err) {
		t.Fatalf("want a 404, got %v", err)
	}
	if took := time.Since(start); took > 100*time.Millisecond {
		t.Errorf("took %v: no backoff expected", took)
	}
	wantGets(t, gets, "/v1/messages/someone_elses", 1)
	wantOwnSendRead(t, c, gets, sent)
}

func TestWithReadYourSendsFalseAnswersThe404AtOnceAndTheDefaultWaits(t *testing.T) {
	srv, gets := mailboxServer(t, 2)
	ctx := context.Background()
	off := NewClient("k", WithBaseURL(srv.URL), WithReadYourSends(false))
	sent := sendOne(t, off)
	if _, err := off.Emails.Get(ctx, sent); !IsNotFound(err) {
		t.Fatalf("want a 404, got %v", err)
	}
	wantGets(t, gets, "/v1/messages/snd_1", 1)
	on := NewClient("k", WithBaseURL(srv.URL))
	wantOwnSendRead(t, on, gets, sendOne(t, on))
}

func TestASendNeverFiledAnswersThe404After5sOfBackoff(t *testing.T) {
	srv, gets := mailboxServer(t, 1000)
	ctx := context.Background()
	c := NewClient("k", WithBaseURL(srv.URL))
	var delays []time.Duration
	noSleep(c, &delays)
	sent := sendOne(t, c)
	if _, err := c.Emails.Get(ctx, sent); !IsNotFound(err) {
		t.Fatalf("want the 404, got %v", err)
	}
	want := []time.Duration{100, 200, 400, 800, 1000, 1000, 1000, 500}
	if len(delays) != len(want) {
		t.Fatalf("delays %v", delays)
	}
	for i, d := range want {
		if delays[i] != d*time.Millisecond {
			t.Errorf("delay %d: %v, want %v", i, delays[i], d*time.Millisecond)
		}
	}
	if n := gets("/v1/messages/snd_1"); n != len(want)+1 {
		t.Errorf("%d GETs, want %d", n, len(want)+1)
	}
}

func TestTheContextAndTheTimeoutEndTheWait(t *testing.T) {
	srv, _ := mailboxServer(t, 1000)
	c := NewClient("k", WithBaseURL(srv.URL))
	sent := sendOne(t, c)
	ctx, cancel := context.WithTimeout(context.Background(), 250*time.Millisecond)
	defer cancel()
	if _, err := c.Emails.Get(ctx, sent); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("want the context's error, got %v", err)
	}
	short := NewClient("k", WithBaseURL(srv.URL), WithTimeout(300*time.Millisecond))
	sendOne(t, short)
	start := time.Now()
	if _, err := short.Emails.Get(context.Background(), sent); !IsNotFound(err) {
		t.Errorf("want the 404, got %v", err)
	}
	if took := time.Since(start); took < 250*time.Millisecond || took > 2*time.Second {
		t.Errorf("took %v, want about the 300 ms timeout", took)
	}
}

func TestRecentSendsForgetsAfter60sAndKeepsTheNewest1000(t *testing.T) {
	now := time.Unix(0, 0)
	r := newRecentSends()
	r.now = func() time.Time { return now }
	r.remember("a")
	now = now.Add(59 * time.Second)
	r.remember("b", "")
	if !r.has("a") || !r.has("b") {
		t.Fatal("a and b are remembered")
	}
	now = now.Add(1001 * time.Millisecond)
	if r.has("a") || !r.has("b") {
		t.Error("a is forgotten after 60 s, b is not")
	}
	for i := 0; i < 1000; i++ {
		r.remember(fmt.Sprintf("n%d", i))
	}
	if r.has("b") || !r.has("n0") || !r.has("n999") || r.len() != 1000 {
		t.Errorf("the newest 1,000 are kept: b %v n0 %v len %d", r.has("b"), r.has("n0"), r.len())
	}
}
