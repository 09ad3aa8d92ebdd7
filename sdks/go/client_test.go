package mailroom

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// noSleep makes retries immediate and records the delays asked for.
func noSleep(c *Client, delays *[]time.Duration) {
	var mu sync.Mutex
	c.sleep = func(d time.Duration) <-chan time.Time {
		mu.Lock()
		*delays = append(*delays, d)
		mu.Unlock()
		ch := make(chan time.Time, 1)
		ch <- time.Now()
		return ch
	}
}

func TestSendPostsJSONWithAGeneratedIdempotencyKeyAndAuth(t *testing.T) {
	var got *http.Request
	var body map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		_ = json.NewDecoder(r.Body).Decode(&body)
		w.WriteHeader(202)
		_, _ = w.Write([]byte(`{"id":"s1","message_id":"<s1@example.org>"}`))
	}))
	defer srv.Close()
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.txt")
	_ = os.WriteFile(file, []byte("file bytes"), 0o600)
	att, err := AttachmentFromFile(file)
	if err != nil {
		t.Fatal(err)
	}
	c := NewClient("key-1", WithBaseURL(srv.URL+"/"))
	sent, err := c.Emails.Send(context.Background(), SendParams{From: "a@example.org", To: []string{"b@example.net"},
		Subject: "Hi", Text: "Hello", Attachments: []Attachment{att, {Filename: "x.bin", Content: []byte{0, 1, 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	if sent.ID != "s1" || sent.MessageID != "<s1@example.org>" {
		t.Errorf("%+v", sent)
	}
	if got.Method != "POST" || got.URL.Path != "/v1/send" || got.Header.Get("Authorization") != "Bearer key-1" ||
		got.Header.Get("Content-Type") != "application/json" ||
		got.Header.Get("User-Agent") != "mailroom-sdk-go/"+Version {
		t.Errorf("request %s %s %v", got.Method, got.URL, got.Header)
	}
	if k := got.Header.Get("Idempotency-Key"); len(k) != 36 || k[14] != '4' {
		t.Errorf("Idempotency-Key %q is not a UUID v4", k)
	}
	if body["from"] != "a@example.org" || body["subject"] != "Hi" || body["to"].([]any)[0] != "b@example.net" {
		t.Errorf("body %v", body)
	}
	if _, ok := body["IdempotencyKey"]; ok {
		t.Errorf("the key travels as a header only: %v", body)
	}
	atts := body["attachments"].([]any)
	a0 := atts[0].(map[string]any)
	if a0["filename"] != "notes.txt" || !strings.HasPrefix(a0["content_type"].(string), "text/plain") ||
		a0["content"] != base64.StdEncoding.EncodeToString([]byte("file bytes")) {
		t.Errorf("attachment from a file: %v", a0)
	}
	if atts[1].(map[string]any)["content"] != "AAEC" {
		t.Errorf("attachment from bytes: %v", atts[1])
	}
	_, _ = c.Emails.Send(context.Background(), SendParams{From: "a@example.org", IdempotencyKey: "mine"})
	if got.Header.Get("Idempotency-Key") != "mine" {
		t.Errorf("a given key is sent as it is: %q", got.Header.Get("Idempotency-Key"))
	}
}

func TestBaseURLAndKeyComeFromTheEnvironment(t *testing.T) {
	t.Setenv("MAILROOM_BASE_URL", "http://example.test:9")
	t.Setenv("MAILROOM_API_KEY", "env-key")
	c := NewClient("")
	if c.BaseURL() != "http://example.test:9" || c.apiKey != "env-key" {
		t.Errorf("%s %s", c.BaseURL(), c.apiKey)
	}
	t.Setenv("MAILROOM_BASE_URL", "")
	if NewClient("k").BaseURL() != DefaultBaseURL {
		t.Errorf("default base URL")
	}
}

func TestAProblemBecomesATypedError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/v1/messages/"))
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `{"type":"https://mailroom.dev/problems/x","title":"T%d","status":%d,"detail":"d",`+
			`"instance":"/v1/messages/%d","errors":[{"field":"to","detail":"required"}]}`, status, status, status)
	}))
	defer srv.Close()
	c := NewClient("k", WithBaseURL(srv.URL), WithMaxRetries(0))
	checks := map[int]func(error) bool{401: IsAuthentication, 403: IsPermissionDenied, 404: IsNotFound,
		409: IsConflict, 422: IsValidation, 429: IsRateLimit}
	for status, is := range checks {
		_, err := c.Messages.Get(context.Background(), strconv.Itoa(status))
		var e *APIError
		if !errors.As(err, &e) || !is(err) {
			t.Errorf("%d: %v", status, err)
			continue
		}
		if e.Status != status || e.Title != fmt.Sprintf("T%d", status) || e.Detail != "d" ||
			e.Type != "https://mailroom.dev/problems/x" || e.Instance == "" || len(e.Errors) != 1 ||
			e.Errors[0].Field != "to" {
			t.Errorf("%d: %+v", status, e)
		}
		for other, is2 := range checks {
			if other != status && is2(err) {
				t.Errorf("%d also counts as %d", status, other)
			}
		}
		if !strings.Contains(err.Error(), "HTTP "+strconv.Itoa(status)) || !strings.Contains(err.Error(), "to: required") {
			t.Errorf("message %q", err.Error())
		}
	}
}

func TestANonProblemErrorKeepsItsStatusAndText(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(502)
		_, _ = w.Write([]byte("Bad gateway from a proxy"))
	}))
	defer srv.Close()
	_, err := NewClient("k", WithBaseURL(srv.URL), WithMaxRetries(0)).Messages.Get(context.Background(), "m")
	var e *APIError
	if !errors.As(err, &e) || e.Status != 502 || e.Title != "Bad gateway from a proxy" {
		t.Errorf("%v", err)
	}
}

func TestRetryDecisions(t *testing.T) {
	cases := []struct {
		method string
		key    bool
		status int
		want   bool
	}{
		{"GET", false, 503, true}, {"GET", false, 500, true}, {"DELETE", false, 502, true}, {"PUT", false, 504, true},
		{"GET", false, 408, true}, {"GET", false, 0, true}, {"GET", false, 404, false}, {"GET", false, 400, false},
		{"POST", false, 503, false}, {"POST", false, 0, false}, {"POST", true, 503, true}, {"POST", true, 0, true},
		{"POST", false, 429, true}, {"PATCH", false, 429, true}, {"PATCH", false, 500, false},
		{"POST", true, 409, false}, {"POST", true, 422, false},
	}
	for _, c := range cases {
		if got := ShouldRetry(c.method, c.key, c.status); got != c.want {
			t.Errorf("ShouldRetry(%s, key=%v, %d) = %v", c.method, c.key, c.status, got)
		}
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2026, 12, 7, 20, 0, 0, 0, time.UTC)
	if d, ok := ParseRetryAfter("7", now); !ok || d != 7*time.Second {
		t.Errorf("seconds: %v %v", d, ok)
	}
	if d, ok := ParseRetryAfter("1.5", now); !ok || d != 1500*time.Millisecond {
		t.Errorf("fraction: %v %v", d, ok)
	}
	if d, ok := ParseRetryAfter("Mon, 07 Dec 2026 20:00:30 GMT", now); !ok || d != 30*time.Second {
		t.Errorf("date: %v %v", d, ok)
	}
	if d, ok := ParseRetryAfter("Mon, 07 Dec 2026 19:00:00 GMT", now); !ok || d != 0 {
		t.Errorf("past date: %v %v", d, ok)
	}
	for _, bad := range []string{"", "soon", "-3"} {
		if _, ok := ParseRetryAfter(bad, now); ok {
			t.Errorf("%q read as a delay", bad)
		}
	}
}

func TestBackoffGrowsWithJitterAndIsCapped(t *testing.T) {
	for n, max := range []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second,
		8 * time.Second, 8 * time.Second, 8 * time.Second} {
		for i := 0; i < 50; i++ {
			d := Backoff(n)
			if d < max/2 || d > max {
				t.Fatalf("Backoff(%d) = %v, want within [%v, %v]", n, d, max/2, max)
			}
		}
	}
}

func TestA429IsRetriedAfterRetryAfterAndTheHookCountsIt(t *testing.T) {
	var calls int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if atomic.AddInt32(&calls, 1) == 1 {
			w.Header().Set("Retry-After", "3")
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(429)
			_, _ = w.Write([]byte(`{"type":"https://mailroom.dev/problems/rate-limited","title":"Too Many Requests","status":429}`))
			return
		}
		_, _ = w.Write([]byte(`{"items":[{"id":"k1","name":"one"}]}`))
	}))
	defer srv.Close()
	var retries []RetryInfo
	c := NewClient("k", WithBaseURL(srv.URL), WithOnRetry(func(r RetryInfo) { retries = append(retries, r) }))
	var delays []time.Duration
	noSleep(c, &delays)
	page, err := c.APIKeys.ListPage(context.Background(), ListParams{})
	if err != nil || len(page.Items) != 1 || page.Items[0].ID != "k1" {
		t.Fatalf("%+v %v", page, err)
	}
	if calls != 2 || len(retries) != 1 || retries[0].Status != 429 || retries[0].Delay != 3*time.Second ||
		!IsRateLimit(retries[0].Err) || len(delays) != 1 || delays[0] != 3*time.Second {
		t.Errorf("calls %d, retries %+v, delays %v", calls, retries, delays)
	}
}

func TestRetryAfterIsCappedByMaxRetryDelay(t *testing.T) {
	var calls int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if atomic.AddInt32(&calls, 1) == 1 {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(503)
			return
		}
		w.WriteHeader(204)
	}))
	defer srv.Close()
	c := NewClient("k", WithBaseURL(srv.URL), WithMaxRetryDelay(2*time.Second))
	var delays []time.Duration
	noSleep(c, &delays)
	if err := c.Threads.Delete(context.Background(), "t1"); err != nil {
		t.Fatal(err)
	}
	if len(delays) != 1 || delays[0] != 2*time.Second {
		t.Errorf("delays %v", delays)
	}
}

func TestServerErrorsAreRetriedOnlyWhereSafe(t *testing.T) {
	var calls int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt32(&calls, 1)
		w.WriteHeader(503)
	}))
	defer srv.Close()
	c := NewClient("k", WithBaseURL(srv.URL), WithMaxRetries(3))
	var delays []time.Duration
	noSleep(c, &delays)
	_, err := c.Messages.Get(context.Background(), "m")
	if calls != 4 || !hasStatus(err, 503) || len(delays) != 3 {
		t.Errorf("GET: %d calls, %v, delays %v", calls, err, delays)
	}
	for i, d := range delays {
		if max := (500 * time.Millisecond) << i; d < max/2 || d > max {
			t.Errorf("delay %d = %v, want backoff within [%v, %v]", i, d, max/2, max)
		}
	}
	calls = 0
	_, err = c.Emails.Send(context.Background(), SendParams{From: "a@example.org"})
	if calls != 4 {
		t.Errorf("a send carries an Idempotency-Key: %d calls, %v", calls, err)
	}
	calls = 0
	_, err = c.Webhooks.RotateSecret(context.Background(), "w1")
	if calls != 1 || !hasStatus(err, 503) {
		t.Errorf("a POST without Idempotency-Key is not retried: %d calls", calls)
	}
	calls = 0
	_, err = c.Messages.Update(context.Background(), "m", MessageChange{Starred: Bool(true)})
	if calls != 1 {
		t.Errorf("a PATCH is not retried: %d calls", calls)
	}
}

func TestNetworkErrorsAreRetriedAndTyped(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	url := srv.URL
	srv.Close() // nothing listens there now
	var retries int
	c := NewClient("k", WithBaseURL(url), WithOnRetry(func(RetryInfo) { retries++ }))
	var delays []time.Duration
	noSleep(c, &delays)
	_, err := c.Domains.Get(context.Background(), "example.org")
	if !IsConnection(err) || retries != 2 {
		t.Errorf("%v after %d retries", err, retries)
	}
}

func TestASlowAnswerIsATimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := NewClient("k", WithBaseURL(srv.URL), WithTimeout(100*time.Millisecond), WithMaxRetries(1))
	var delays []time.Duration
	noSleep(c, &delays)
	start := time.Now()
	_, err := c.Drafts.Get(context.Background(), "d1")
	if !IsTimeout(err) || len(delays) != 1 || time.Since(start) > 5*time.Second {
		t.Errorf("%v, %d retries", err, len(delays))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Drafts.Get(ctx, "d1"); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled context: %v", err)
	}
}

func TestEmptyPathArgumentsAreRefusedBeforeAnyRequest(t *testing.T) {
	c := NewClient("k", WithBaseURL("http://127.0.0.1:1"))
	if _, err := c.Messages.Get(context.Background(), ""); err == nil || !strings.Contains(err.Error(), "id") {
		t.Errorf("%v", err)
	}
	if _, err := c.Agents.WaitForReply(context.Background(), "Echo", "", WaitParams{}); err == nil {
		t.Errorf("an empty instance was accepted")
	}
}

func TestPathSegmentsAreEscaped(t *testing.T) {
	var path string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path = r.URL.EscapedPath()
		w.WriteHeader(204)
	}))
	defer srv.Close()
	c := NewClient("k", WithBaseURL(srv.URL))
	if err := c.Suppressions.Delete(context.Background(), "a/b c@example.org"); err != nil {
		t.Fatal(err)
	}
	if path != "/v1/suppressions/a%2Fb%20c@example.org" {
		t.Errorf("path %q", path)
	}
}

// pagedServer serves n items in pages of limit, with opaque tokens.
func pagedServer(t *testing.T, n int, seen *[]string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*seen = append(*seen, r.URL.RawQuery)
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		if limit == 0 {
			limit = 50
		}
		from := 0
		if tok := r.URL.Query().Get("page_token"); tok != "" {
			b, _ := base64.RawURLEncoding.DecodeString(tok)
			from, _ = strconv.Atoi(string(b))
		}
		page := map[string]any{"items": []any{}}
		var items []any
		for i := from; i < n && i < from+limit; i++ {
			items = append(items, map[string]any{"id": fmt.Sprintf("mb%d", i), "address": fmt.Sprintf("a%d@x", i)})
		}
		if items != nil {
			page["items"] = items
		}
		if from+limit < n {
			page["next_page_token"] = base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(from + limit)))
		}
		_ = json.NewEncoder(w).Encode(page)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAPagerWalksEveryPageOnDemand(t *testing.T) {
	var seen []string
	srv := pagedServer(t, 5, &seen)
	c := NewClient("k", WithBaseURL(srv.URL))
	p := c.Mailboxes.List(context.Background(), ListParams{Limit: 2})
	if len(seen) != 0 {
		t.Fatalf("List fetched before Next: %v", seen)
	}
	var ids []string
	for p.Next(context.Background()) {
		ids = append(ids, p.Item().ID)
		if len(ids) == 1 && len(seen) != 1 {
			t.Errorf("the first item needs one page, fetched %d", len(seen))
		}
	}
	if p.Err() != nil || strings.Join(ids, ",") != "mb0,mb1,mb2,mb3,mb4" || p.Pages() != 3 || len(seen) != 3 {
		t.Errorf("ids %v, err %v, pages %d, queries %v", ids, p.Err(), p.Pages(), seen)
	}
	if seen[0] != "limit=2" || !strings.Contains(seen[1], "page_token=") {
		t.Errorf("queries %v", seen)
	}
	if p.Next(context.Background()) {
		t.Errorf("Next after the end")
	}
}

func TestOnePageAndResumingFromItsToken(t *testing.T) {
	var seen []string
	srv := pagedServer(t, 3, &seen)
	c := NewClient("k", WithBaseURL(srv.URL))
	page, err := c.Mailboxes.ListPage(context.Background(), ListParams{Limit: 2})
	if err != nil || len(page.Items) != 2 || page.NextPageToken == "" {
		t.Fatalf("%+v %v", page, err)
	}
	rest, err := c.Mailboxes.List(context.Background(), ListParams{Limit: 2, PageToken: page.NextPageToken}).
		All(context.Background())
	if err != nil || len(rest) != 1 || rest[0].ID != "mb2" {
		t.Errorf("%+v %v", rest, err)
	}
}

func TestAnEmptyListAndAFailingPage(t *testing.T) {
	var seen []string
	srv := pagedServer(t, 0, &seen)
	c := NewClient("k", WithBaseURL(srv.URL))
	all, err := c.Suppressions.List(context.Background(), ListParams{}).All(context.Background())
	if err != nil || len(all) != 0 {
		t.Errorf("%v %v", all, err)
	}
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(403)
	}))
	defer failing.Close()
	p := NewClient("k", WithBaseURL(failing.URL)).Drafts.List(context.Background(), DraftListParams{Class: "Drafter"})
	if p.Next(context.Background()) || !IsPermissionDenied(p.Err()) {
		t.Errorf("%v", p.Err())
	}
}

func TestListFiltersAreSent(t *testing.T) {
	var q string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q = r.URL.RawQuery
		_, _ = w.Write([]byte(`{"items":[]}`))
	}))
	defer srv.Close()
	c := NewClient("k", WithBaseURL(srv.URL))
	c.Threads.Search(context.Background(), "from:ann", ThreadListParams{Mailbox: "mb1", Folder: "inbox", Limit: 5}).
		Next(context.Background())
	if q != "folder=inbox&limit=5&mailbox=mb1&q=from%3Aann" {
		t.Errorf("threads query %q", q)
	}
	c.Drafts.List(context.Background(), DraftListParams{Class: "Drafter", Instance: "i1", Status: "pending"}).
		Next(context.Background())
	if q != "class=Drafter&instance=i1&status=pending" {
		t.Errorf("drafts query %q", q)
	}
}

func TestBodyRawAndZoneAnswerTextAndBytes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/raw"):
			w.Header().Set("Content-Type", "message/rfc822")
			_, _ = w.Write([]byte("Subject: Hi\r\n\r\nHello\r\n"))
		case strings.HasSuffix(r.URL.Path, "/zone"):
			_, _ = w.Write([]byte("example.org. 3600 IN TXT \"v=spf1 -all\"\n"))
		default:
			_, _ = io.WriteString(w, "<p>Hello</p>"+r.URL.RawQuery)
		}
	}))
	defer srv.Close()
	c := NewClient("k", WithBaseURL(srv.URL))
	raw, err := c.Messages.Raw(context.Background(), "m1")
	if err != nil || string(raw) != "Subject: Hi\r\n\r\nHello\r\n" {
		t.Errorf("raw %q %v", raw, err)
	}
	html, err := c.Messages.Body(context.Background(), "m1", BodyParams{Images: "show"})
	if err != nil || html != "<p>Hello</p>images=show" {
		t.Errorf("body %q %v", html, err)
	}
	zone, err := c.Domains.Zone(context.Background(), "example.org")
	if err != nil || !strings.Contains(zone, "v=spf1") {
		t.Errorf("zone %q %v", zone, err)
	}
}

func TestDecodingAMessage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"id":"m1","direction":"outbound","from":{"name":"Ann","address":"ann@example.org"},
			"to":[{"address":"bob@example.net"}],"subject":"Hi","at":"2026-12-07T20:00:00Z","status":"delivered",
			"thread_id":"t1","attempts":[{"recipient":"bob@example.net","at":"2026-12-07T20:00:01Z","outcome":"delivered",
			"reply":"250 ok"}],"agent":null,"unknown_new_field":1}`))
	}))
	defer srv.Close()
	m, err := NewClient("k", WithBaseURL(srv.URL)).Emails.Get(context.Background(), "m1")
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != "delivered" || m.From.String() != "Ann <ann@example.org>" || m.To[0].Address != "bob@example.net" ||
		m.ThreadID != "t1" || len(m.Attempts) != 1 || m.Attempts[0].Reply != "250 ok" || m.Agent != nil ||
		!m.At.Equal(time.Date(2026, 12, 7, 20, 0, 0, 0, time.UTC)) {
		t.Errorf("%+v", m)
	}
}
