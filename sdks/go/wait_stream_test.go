package mailroom

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestWaitForReplyUsesTheFirstCursorAndReturnsTheFirstMessage(t *testing.T) {
	var queries []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.Path+"?"+r.URL.RawQuery)
		n := len(queries)
		mu.Unlock()
		if n == 1 {
			_, _ = w.Write([]byte(`{"messages":[],"cursor":7}`))
			return
		}
		_, _ = w.Write([]byte(`{"messages":[{"seq":8,"agent":"Echo:t1","message":{"id":"h8","thread_id":"th1",
			"direction":"in","from":{"address":"ann@example.org"},"subject":"Re: Hi","text":"Hello back",
			"at":"2026-12-07T20:00:00Z"}},{"seq":9,"agent":"Echo:t1","message":{"id":"h9"}}],"cursor":9}`))
	}))
	defer srv.Close()
	c := NewClient("k", WithBaseURL(srv.URL))
	msg, err := c.Agents.WaitForReply(context.Background(), "Echo", "t1", WaitParams{Timeout: 45 * time.Second})
	if err != nil || msg == nil {
		t.Fatalf("%v %v", msg, err)
	}
	if msg.Seq != 8 || msg.Subject != "Re: Hi" || msg.From.Address != "ann@example.org" || msg.Text != "Hello back" ||
		msg.ThreadID != "th1" || msg.Agent != "Echo:t1" {
		t.Errorf("%+v", msg)
	}
	if len(queries) != 2 || queries[0] != "/v1/agents/Echo/instances/t1/messages?direction=in&wait=30000ms" ||
		!strings.HasPrefix(queries[1], "/v1/agents/Echo/instances/t1/messages?after=7&direction=in&wait=") {
		t.Errorf("queries %v", queries)
	}
}

func TestWaitForReplyPassesAfterAndDirection(t *testing.T) {
	var query string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.RawQuery
		_, _ = w.Write([]byte(`{"messages":[{"seq":1,"agent":"a","message":{"id":"h1","direction":"out"}}],"cursor":1}`))
	}))
	defer srv.Close()
	msg, err := NewClient("k", WithBaseURL(srv.URL)).Agents.WaitForReply(context.Background(), "Echo", "t1",
		WaitParams{After: Int64(0), Direction: "out", Thread: "th1", Timeout: 10 * time.Second})
	if err != nil || msg.Seq != 1 || msg.Direction != "out" {
		t.Fatalf("%+v %v", msg, err)
	}
	if query != "after=0&direction=out&thread=th1&wait=10000ms" && !strings.HasPrefix(query, "after=0&direction=out&thread=th1&wait=9") {
		t.Errorf("query %q", query)
	}
}

func TestWaitForReplyReturnsNilAfterTheTimeout(t *testing.T) {
	var waits []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wait, _ := time.ParseDuration(r.URL.Query().Get("wait"))
		mu.Lock()
		waits = append(waits, r.URL.Query().Get("wait"))
		mu.Unlock()
		time.Sleep(wait) // a long poll that finds nothing
		_, _ = w.Write([]byte(`{"messages":[],"cursor":3}`))
	}))
	defer srv.Close()
	start := time.Now()
	msg, err := NewClient("k", WithBaseURL(srv.URL)).Agents.WaitForReply(context.Background(), "Echo", "t1",
		WaitParams{Timeout: 300 * time.Millisecond})
	if msg != nil || err != nil {
		t.Errorf("%v %v", msg, err)
	}
	if el := time.Since(start); el < 300*time.Millisecond || el > 3*time.Second {
		t.Errorf("took %v", el)
	}
	for _, w := range waits {
		d, _ := time.ParseDuration(w)
		if d > 300*time.Millisecond {
			t.Errorf("asked to wait %s, longer than the timeout", w)
		}
	}
}

func TestALongPollGetsItsWaitOnTopOfTheTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
		_, _ = w.Write([]byte(`{"messages":[],"cursor":1}`))
	}))
	defer srv.Close()
	c := NewClient("k", WithBaseURL(srv.URL), WithTimeout(100*time.Millisecond), WithMaxRetries(0))
	if _, err := c.Agents.Messages(context.Background(), "Echo", "t1", MessagesParams{Wait: time.Second}); err != nil {
		t.Errorf("a 1 s long poll answered after 0.3 s: %v", err)
	}
}

// sseServer serves each connection the next script; it records each connection's Last-Event-ID and query.
type sseServer struct {
	mu      sync.Mutex
	scripts []string
	seen    []string
	srv     *httptest.Server
}

func newSSEServer(t *testing.T, scripts ...string) *sseServer {
	s := &sseServer{scripts: scripts}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen = append(s.seen, "last="+r.Header.Get("Last-Event-ID")+" "+r.URL.RawQuery)
		n := len(s.seen)
		s.mu.Unlock()
		if n > len(s.scripts) {
			w.Header().Set("Content-Type", "text/event-stream")
			w.WriteHeader(200)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
			return
		}
		script := s.scripts[n-1]
		if strings.HasPrefix(script, "HTTP ") {
			var status int
			fmt.Sscanf(script, "HTTP %d", &status)
			w.WriteHeader(status)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(200)
		_, _ = io.WriteString(w, script)
		w.(http.Flusher).Flush()
		// the connection ends here: the client must resume
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func TestTheSSEParserFollowsTheSpecification(t *testing.T) {
	in := ": keep-alive\n\nid: 1\nevent: a\ndata: {\"x\":\ndata: 1}\n\nid: 2\r\ndata:plain\r\n\r\nretry: 2500\nid\n\n" +
		"data: no id\n\nevent: ignored\n\nid: 5\ndata: unterminated"
	p := newSSEParser(strings.NewReader(in), "0")
	want := []sseEvent{{"1", "a", "{\"x\":\n1}"}, {"2", "", "plain"}, {"", "", "no id"}}
	for i, w := range want {
		got, err := p.next()
		if err != nil || got != w {
			t.Fatalf("event %d: %+v %v, want %+v", i, got, err, w)
		}
	}
	if _, err := p.next(); err != io.EOF {
		t.Errorf("an unterminated event is dropped at the end: %v", err)
	}
	if p.retry != 2500*time.Millisecond {
		t.Errorf("retry %v", p.retry)
	}
}

func TestTheEventStreamResumesWithLastEventID(t *testing.T) {
	s := newSSEServer(t,
		": keep-alive\n\nid: 10\nevent: message.received\ndata: {\"type\":\"message.received\",\"timestamp\":\"2026-12-07T20:00:00Z\",\"data\":{\"id\":\"m1\"}}\n\n",
		"HTTP 503",
		"id: 11\nevent: message.delivered\ndata: {\"type\":\"message.delivered\",\"timestamp\":\"2026-12-07T20:00:01Z\",\"data\":{\"id\":\"m2\"}}\n\n")
	var retries []RetryInfo
	var rmu sync.Mutex
	c := NewClient("k", WithBaseURL(s.srv.URL), WithOnRetry(func(r RetryInfo) {
		rmu.Lock()
		retries = append(retries, r)
		rmu.Unlock()
	}))
	var delays []time.Duration
	noSleep(c, &delays)
	st := c.Events.Stream(context.Background(), EventStreamParams{Types: []string{"message.received",
		"message.delivered"}, Domain: "example.org", LastEventID: "9"})
	defer st.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var got []string
	for len(got) < 2 && st.Next(ctx) {
		ev := st.Event()
		got = append(got, ev.ID+" "+ev.Type+" "+ev.Data["id"].(string))
	}
	if st.Err() != nil || strings.Join(got, ",") != "10 message.received m1,11 message.delivered m2" {
		t.Fatalf("%v %v", got, st.Err())
	}
	q := "domain=example.org&types=message.received%2Cmessage.delivered"
	s.mu.Lock()
	seen := append([]string(nil), s.seen...)
	s.mu.Unlock()
	if len(seen) < 3 || seen[0] != "last=9 "+q || seen[1] != "last=10 "+q || seen[2] != "last=10 "+q {
		t.Errorf("connections %v", seen)
	}
	rmu.Lock()
	defer rmu.Unlock()
	if len(retries) < 2 || retries[0].Status != 0 || retries[1].Status != 503 || st.LastEventID() != "11" {
		t.Errorf("retries %+v, last id %s", retries, st.LastEventID())
	}
	if err := st.Close(); err != nil || st.Next(context.Background()) || st.Err() != nil {
		t.Errorf("after Close: %v", st.Err())
	}
}

func TestTheMessageStreamResumesAfterTheLastSeq(t *testing.T) {
	s := newSSEServer(t,
		"data: {\"seq\":4,\"agent\":\"Echo:t1\",\"message\":{\"id\":\"h4\",\"subject\":\"one\"}}\n\n",
		"data:{\"seq\":6,\"agent\":\"Echo:t1\",\"message\":{\"id\":\"h6\",\"subject\":\"two\"}}\n\n")
	c := NewClient("k", WithBaseURL(s.srv.URL))
	var delays []time.Duration
	noSleep(c, &delays)
	st := c.Agents.StreamMessages(context.Background(), "Echo", "t1", StreamParams{Direction: "in"})
	defer st.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var got []string
	for len(got) < 2 && st.Next(ctx) {
		got = append(got, fmt.Sprintf("%d %s", st.Message().Seq, st.Event().Subject))
	}
	if strings.Join(got, ",") != "4 one,6 two" {
		t.Fatalf("%v %v", got, st.Err())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen[0] != "last= direction=in" || s.seen[1] != "last= after=4&direction=in" {
		t.Errorf("connections %v", s.seen)
	}
}

func TestAStreamRefusedWithA4xxEndsWithATypedError(t *testing.T) {
	s := newSSEServer(t, "HTTP 404")
	st := NewClient("k", WithBaseURL(s.srv.URL)).Agents.StreamMessages(context.Background(), "Nope", "t1",
		StreamParams{})
	defer st.Close()
	if st.Next(context.Background()) || !IsNotFound(st.Err()) {
		t.Errorf("%v", st.Err())
	}
}

func TestAStreamGivesUpAfterMaxRetriesFailedConnections(t *testing.T) {
	s := newSSEServer(t, "HTTP 503", "HTTP 503", "HTTP 503", "HTTP 503")
	c := NewClient("k", WithBaseURL(s.srv.URL), WithMaxRetries(2))
	var delays []time.Duration
	noSleep(c, &delays)
	st := c.Events.Stream(context.Background(), EventStreamParams{})
	defer st.Close()
	if st.Next(context.Background()) || !hasStatus(st.Err(), 503) || len(delays) != 2 {
		t.Errorf("%v, %d retries", st.Err(), len(delays))
	}
}

func TestNextReturnsWhenItsContextEndsAndCloseStopsAWaitingStream(t *testing.T) {
	s := newSSEServer(t) // every connection stays open without events
	st := NewClient("k", WithBaseURL(s.srv.URL)).Events.Stream(context.Background(), EventStreamParams{})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if st.Next(ctx) || st.Err() != context.DeadlineExceeded {
		t.Errorf("%v", st.Err())
	}
	done := make(chan struct{})
	go func() {
		st.Next(context.Background())
		close(done)
	}()
	time.Sleep(50 * time.Millisecond)
	_ = st.Close()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("Close did not end a waiting Next")
	}
	if st.Err() != nil {
		t.Errorf("Err after Close: %v", st.Err())
	}
}

func TestABadEventEndsTheStream(t *testing.T) {
	s := newSSEServer(t, "data: not json\n\n")
	st := NewClient("k", WithBaseURL(s.srv.URL)).Agents.StreamMessages(context.Background(), "Echo", "t1",
		StreamParams{})
	defer st.Close()
	if st.Next(context.Background()) || st.Err() == nil || !strings.Contains(st.Err().Error(), "not JSON") {
		t.Errorf("%v", st.Err())
	}
}
