package mailroom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Known vectors, computed independently with Python's hmac module (python3, standard library):
//
//	key = b"mailroom-go-sdk-test-key-32bytes"; secret = "whsec_" + base64.b64encode(key).decode()
//	base64.b64encode(hmac.new(key, b"evt_1.1765102400." + eventBody, hashlib.sha256).digest())
//	hmac.new(b"agent-secret-0123456789", b"1765102400." + agentBody, hashlib.sha256).hexdigest()
const (
	vectorTime        = 1765102400
	eventSecret       = "whsec_bWFpbHJvb20tZ28tc2RrLXRlc3Qta2V5LTMyYnl0ZXM="
	eventBody         = `{"type":"message.received","timestamp":"2025-12-07T10:13:20Z","data":{"id":"m1"}}`
	eventSignature    = "v1,3MrVDchOwHphj0bn6UHVBz69cli6vL6XjuoRmycuXy0="
	agentSecret       = "agent-secret-0123456789"
	agentBody         = `{"v":1,"event":"email","id":"r1.0","agent":{"class_name":"GoEcho","instance":"t1"},"email":{"v":1,"id":"r1.0","agent":{"class_name":"GoEcho","instance":"t1"},"message":{"message_id":"<a@b>","from":{"name":"Ann","address":"ann@example.org"},"subject":"Hi","text":"Hello"}},"thread_id":"th1","state":{"n":1},"history":[]}`
	agentSignatureHex = "sha256=c161ada07bcb21c9d0d6293ae6271ca92a0d3748716981b5cfd9862c67ed1c43"
)

func at(sec int64) VerifyOption { return WithNow(func() time.Time { return time.Unix(sec, 0) }) }

func eventHeaders() http.Header {
	return HeadersOf(map[string]string{"webhook-id": "evt_1", "webhook-timestamp": "1765102400",
		"webhook-signature": eventSignature})
}

func agentHeaders() http.Header {
	return HeadersOf(map[string]string{"X-Mailroom-Timestamp": "1765102400", "X-Mailroom-Signature": agentSignatureHex,
		"X-Mailroom-Delivery": "r1.0"})
}

func reason(t *testing.T, err error) string {
	t.Helper()
	var v *WebhookVerificationError
	if !errors.As(err, &v) {
		t.Fatalf("want a *WebhookVerificationError, got %v", err)
	}
	return v.Reason
}

func TestSigningMatchesTheKnownVectors(t *testing.T) {
	got, err := SignEventWebhook(eventSecret, "evt_1", vectorTime, []byte(eventBody))
	if err != nil || got != eventSignature {
		t.Errorf("event signature %q (%v), want %q", got, err, eventSignature)
	}
	if got := SignAgentWebhook(agentSecret, vectorTime, []byte(agentBody)); got != agentSignatureHex {
		t.Errorf("agent signature %q, want %q", got, agentSignatureHex)
	}
}

func TestAnEventWebhookVerifiesAndDecodes(t *testing.T) {
	out, err := VerifyWebhook([]byte(eventBody), eventHeaders(), eventSecret, at(vectorTime+10))
	if err != nil {
		t.Fatal(err)
	}
	if out["type"] != "message.received" || out["data"].(map[string]any)["id"] != "m1" {
		t.Errorf("decoded %v", out)
	}
	ev, err := DecodeEvent([]byte(eventBody))
	if err != nil || ev.Type != "message.received" || !ev.Timestamp.Equal(time.Date(2025, 12, 7, 10, 13, 20, 0, time.UTC)) {
		t.Errorf("DecodeEvent: %+v %v", ev, err)
	}
}

func TestEventHeadersAreCaseInsensitiveAndSeveralSignaturesAreTried(t *testing.T) {
	h := http.Header{"WEBHOOK-ID": {"evt_1"}, "Webhook-Timestamp": {"1765102400"},
		"webhook-signature": {"v1,AAAA v2,zzz " + eventSignature}}
	if _, err := VerifyWebhook([]byte(eventBody), h, eventSecret, at(vectorTime)); err != nil {
		t.Fatal(err)
	}
}

func TestATamperedEventWebhookIsRefused(t *testing.T) {
	tampered := strings.Replace(eventBody, `"m1"`, `"m2"`, 1)
	_, err := VerifyWebhook([]byte(tampered), eventHeaders(), eventSecret, at(vectorTime))
	if reason(t, err) != "bad-signature" {
		t.Errorf("reason %q", reason(t, err))
	}
	other, _ := SignEventWebhook("whsec_"+"b3RoZXIta2V5LW90aGVyLWtleS1vdGhlci1rZXkh", "evt_1", vectorTime,
		[]byte(eventBody))
	h := eventHeaders()
	h.Set("webhook-signature", other)
	if _, err := VerifyWebhook([]byte(eventBody), h, eventSecret, at(vectorTime)); reason(t, err) != "bad-signature" {
		t.Errorf("a signature under another secret: %v", err)
	}
	h = eventHeaders()
	h.Set("webhook-id", "evt_2")
	if _, err := VerifyWebhook([]byte(eventBody), h, eventSecret, at(vectorTime)); reason(t, err) != "bad-signature" {
		t.Errorf("another webhook-id: %v", err)
	}
}

func TestAnOldOrFutureTimestampIsRefused(t *testing.T) {
	_, err := VerifyWebhook([]byte(eventBody), eventHeaders(), eventSecret, at(vectorTime+301))
	if reason(t, err) != "expired" {
		t.Errorf("old: %v", err)
	}
	_, err = VerifyWebhook([]byte(eventBody), eventHeaders(), eventSecret, at(vectorTime-301))
	if reason(t, err) != "expired" {
		t.Errorf("future: %v", err)
	}
	if _, err := VerifyWebhook([]byte(eventBody), eventHeaders(), eventSecret, at(vectorTime+3600),
		WithTolerance(2*time.Hour)); err != nil {
		t.Errorf("within a wider tolerance: %v", err)
	}
	_, err = VerifyWebhook([]byte(agentBody), agentHeaders(), agentSecret, at(vectorTime+400))
	if reason(t, err) != "expired" {
		t.Errorf("agent, old: %v", err)
	}
}

func TestMissingHeadersAndBadSecretsAreRefused(t *testing.T) {
	if _, err := VerifyWebhook([]byte(eventBody), http.Header{}, eventSecret); reason(t, err) != "missing-headers" {
		t.Errorf("no headers: %v", err)
	}
	h := eventHeaders()
	h.Del("webhook-timestamp")
	if _, err := VerifyWebhook([]byte(eventBody), h, eventSecret); reason(t, err) != "missing-headers" {
		t.Errorf("no timestamp: %v", err)
	}
	if _, err := VerifyWebhook([]byte(eventBody), eventHeaders(), "whsec_not base64!", at(vectorTime)); reason(t,
		err) != "bad-secret" {
		t.Errorf("bad secret: %v", err)
	}
	h = eventHeaders()
	h.Set("webhook-timestamp", "yesterday")
	if _, err := VerifyWebhook([]byte(eventBody), h, eventSecret); reason(t, err) != "bad-timestamp" {
		t.Errorf("bad timestamp: %v", err)
	}
}

func TestAnAgentWebhookVerifiesAndATamperedOneIsRefused(t *testing.T) {
	out, err := VerifyWebhook([]byte(agentBody), agentHeaders(), agentSecret, at(vectorTime))
	if err != nil || out["event"] != "email" {
		t.Fatalf("%v %v", out, err)
	}
	tampered := strings.Replace(agentBody, "Hello", "Hallo", 1)
	if _, err := VerifyWebhook([]byte(tampered), agentHeaders(), agentSecret, at(vectorTime)); reason(t,
		err) != "bad-signature" {
		t.Errorf("tampered: %v", err)
	}
	if _, err := VerifyWebhook([]byte(agentBody), agentHeaders(), "another-secret-0123", at(vectorTime)); reason(t,
		err) != "bad-signature" {
		t.Errorf("wrong secret: %v", err)
	}
	h := agentHeaders()
	h.Set("X-Mailroom-Timestamp", "1765102401")
	if _, err := VerifyWebhook([]byte(agentBody), h, agentSecret, at(vectorTime)); reason(t, err) != "bad-signature" {
		t.Errorf("another timestamp: %v", err)
	}
}

func echo(ctx context.Context, ev *AgentEvent) (*AgentAnswer, error) {
	n, _ := ev.State["n"].(float64)
	return &AgentAnswer{State: map[string]any{"n": n + 1},
		Replies: []AgentMessage{{Text: "You wrote: " + ev.Email.Message.Text + " (" + ev.Delivery + ")"}}}, nil
}

func TestTheAgentHandlerVerifiesDecodesAndAnswers(t *testing.T) {
	resp := HandleAgentWebhook(context.Background(), []byte(agentBody), agentHeaders(), agentSecret, echo,
		at(vectorTime))
	if resp.Status != 200 || resp.Headers["Content-Type"] != "application/json" {
		t.Fatalf("%d %s", resp.Status, resp.Body)
	}
	var answer map[string]any
	if err := json.Unmarshal(resp.Body, &answer); err != nil {
		t.Fatal(err)
	}
	if answer["state"].(map[string]any)["n"] != 2.0 ||
		answer["replies"].([]any)[0].(map[string]any)["text"] != "You wrote: Hello (r1.0)" {
		t.Errorf("answer %s", resp.Body)
	}
	if _, ok := answer["sends"]; ok {
		t.Errorf("empty lists are left out: %s", resp.Body)
	}
}

func TestTheAgentHandlerDecodesEveryField(t *testing.T) {
	ev, err := DecodeAgentEvent([]byte(agentBody))
	if err != nil {
		t.Fatal(err)
	}
	if ev.V != 1 || ev.ID != "r1.0" || ev.Agent.ClassName != "GoEcho" || ev.Agent.Instance != "t1" ||
		ev.ThreadID != "th1" || ev.Email.Message.From.Address != "ann@example.org" || ev.Email.Message.Subject != "Hi" ||
		ev.Email.Message.MessageID != "<a@b>" {
		t.Errorf("%+v", ev)
	}
	sched := `{"v":1,"event":"schedule","id":"s1","agent":{"class_name":"C","instance":"i"},"payload":{"k":"v"}}`
	ev, err = DecodeAgentEvent([]byte(sched))
	if err != nil || ev.Payload.(map[string]any)["k"] != "v" || ev.Email != nil {
		t.Errorf("schedule: %+v %v", ev, err)
	}
}

func TestTheAgentHandlerAnswersProblems(t *testing.T) {
	cases := []struct {
		name   string
		body   string
		h      http.Header
		fn     AgentFunc
		status int
	}{
		{"bad signature", strings.Replace(agentBody, "Hello", "Hallo", 1), agentHeaders(), echo, 401},
		{"no signature", agentBody, http.Header{}, echo, 401},
		{"not JSON", "", nil, echo, 400},
		{"unknown event", `{"v":1,"event":"other","id":"x","agent":{"class_name":"C","instance":"i"}}`, nil, echo, 400},
		{"function fails", agentBody, agentHeaders(), func(context.Context, *AgentEvent) (*AgentAnswer, error) {
			return nil, errors.New("database down")
		}, 500},
		{"function panics", agentBody, agentHeaders(), func(context.Context, *AgentEvent) (*AgentAnswer, error) {
			panic("boom")
		}, 500},
	}
	for _, c := range cases {
		h := c.h
		if h == nil {
			h = HeadersOf(map[string]string{"X-Mailroom-Timestamp": "1765102400",
				"X-Mailroom-Signature": SignAgentWebhook(agentSecret, vectorTime, []byte(c.body))})
		}
		resp := HandleAgentWebhook(context.Background(), []byte(c.body), h, agentSecret, c.fn, at(vectorTime))
		if resp.Status != c.status || resp.Headers["Content-Type"] != "application/problem+json" {
			t.Errorf("%s: %d %s", c.name, resp.Status, resp.Body)
			continue
		}
		var p APIError
		if err := json.Unmarshal(resp.Body, &p); err != nil || p.Status != c.status || p.Title == "" || p.Type == "" {
			t.Errorf("%s: not a problem: %s", c.name, resp.Body)
		}
	}
}

func TestANilAnswerIsAnEmptyObject(t *testing.T) {
	resp := HandleAgentWebhook(context.Background(), []byte(agentBody), agentHeaders(), agentSecret,
		func(context.Context, *AgentEvent) (*AgentAnswer, error) { return nil, nil }, at(vectorTime))
	if resp.Status != 200 || string(resp.Body) != "{}" {
		t.Errorf("%d %s", resp.Status, resp.Body)
	}
}

func TestAgentHandlerServesHTTP(t *testing.T) {
	srv := httptest.NewServer(AgentHandler(agentSecret, echo))
	defer srv.Close()
	body := []byte(agentBody)
	now := time.Now().Unix()
	req, _ := http.NewRequest("POST", srv.URL, bytes.NewReader(body))
	req.Header.Set("X-Mailroom-Timestamp", itoa64(now))
	req.Header.Set("X-Mailroom-Signature", SignAgentWebhook(agentSecret, now, body))
	req.Header.Set("X-Mailroom-Delivery", "r1.0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var answer AgentAnswer
	_ = json.NewDecoder(resp.Body).Decode(&answer)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(answer.Replies) != 1 || answer.Replies[0].Text != "You wrote: Hello (r1.0)" {
		t.Errorf("%d %+v", resp.StatusCode, answer)
	}
	get, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	get.Body.Close()
	if get.StatusCode != 405 {
		t.Errorf("GET: %d", get.StatusCode)
	}
}
