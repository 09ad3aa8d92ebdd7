package mailroom

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// DefaultTolerance is how far a webhook's timestamp may be from now.
const DefaultTolerance = 5 * time.Minute

// Header names of the two webhook kinds.
const (
	HeaderWebhookID        = "webhook-id"
	HeaderWebhookTimestamp = "webhook-timestamp"
	HeaderWebhookSignature = "webhook-signature"
	HeaderAgentTimestamp   = "X-Mailroom-Timestamp"
	HeaderAgentSignature   = "X-Mailroom-Signature"
	HeaderAgentDelivery    = "X-Mailroom-Delivery"
)

// WebhookVerificationError is a webhook refused by VerifyWebhook; Reason says why (missing-headers, bad-secret,
// bad-timestamp, expired, bad-signature, bad-json).
type WebhookVerificationError struct {
	Reason string
	Detail string
}

func (e *WebhookVerificationError) Error() string {
	return "mailroom: webhook refused: " + e.Reason + ": " + e.Detail
}

func refused(reason, format string, args ...any) error {
	return &WebhookVerificationError{Reason: reason, Detail: fmt.Sprintf(format, args...)}
}

// VerifyOption changes how webhooks are verified.
type VerifyOption func(*verifyConfig)

type verifyConfig struct {
	tolerance time.Duration
	now       func() time.Time
}

// WithTolerance sets how far a webhook's timestamp may be from now (default 5 minutes).
func WithTolerance(d time.Duration) VerifyOption { return func(c *verifyConfig) { c.tolerance = d } }

// WithNow sets the clock verification uses (for tests).
func WithNow(now func() time.Time) VerifyOption { return func(c *verifyConfig) { c.now = now } }

func verifyConfigOf(opts []VerifyOption) verifyConfig {
	c := verifyConfig{tolerance: DefaultTolerance, now: time.Now}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// header reads a header by a case-insensitive name, whatever the map's key case.
func header(h http.Header, name string) string {
	if v := h.Get(name); v != "" {
		return v
	}
	for k, vs := range h {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

// HeadersOf makes an http.Header from a plain map (as some frameworks give headers).
func HeadersOf(m map[string]string) http.Header {
	h := http.Header{}
	for k, v := range m {
		h.Set(k, v)
	}
	return h
}

// VerifyWebhook checks a webhook's signature over the exact body bytes and returns its decoded JSON, or a
// *WebhookVerificationError. It recognises both kinds by their headers:
//   - event webhooks (Standard Webhooks): webhook-id, webhook-timestamp, webhook-signature ("v1,<base64>" entries,
//     space-separated) under a secret "whsec_<base64 key>";
//   - agent webhooks: X-Mailroom-Timestamp and X-Mailroom-Signature "sha256=<hex>" under the class's secret.
//
// The timestamp must be within the tolerance (default 5 minutes); signatures are compared in constant time.
func VerifyWebhook(body []byte, headers http.Header, secret string, opts ...VerifyOption) (map[string]any, error) {
	cfg := verifyConfigOf(opts)
	var err error
	switch {
	case header(headers, HeaderWebhookSignature) != "" || header(headers, HeaderWebhookID) != "":
		err = verifyStandard(body, headers, secret, cfg)
	case header(headers, HeaderAgentSignature) != "":
		err = verifyAgent(body, headers, secret, cfg)
	default:
		err = refused("missing-headers", "neither webhook-signature nor X-Mailroom-Signature is present")
	}
	if err != nil {
		return nil, err
	}
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, refused("bad-json", "the body is not a JSON object: %v", err)
	}
	return out, nil
}

// SignEventWebhook computes the webhook-signature entry ("v1,<base64>") of an event webhook, as the server does:
// HMAC-SHA256 under the base64-decoded key of secret (whsec_ prefix dropped) over id + "." + timestamp + "." + body.
func SignEventWebhook(secret, id string, timestamp int64, body []byte) (string, error) {
	key, err := eventKey(secret)
	if err != nil {
		return "", err
	}
	return "v1," + base64.StdEncoding.EncodeToString(eventMAC(key, id, strconv.FormatInt(timestamp, 10), body)), nil
}

// SignAgentWebhook computes the X-Mailroom-Signature value ("sha256=<hex>") of an agent webhook, as agent-host
// does: HMAC-SHA256 under the secret's UTF-8 bytes over timestamp + "." + body.
func SignAgentWebhook(secret string, timestamp int64, body []byte) string {
	return "sha256=" + hex.EncodeToString(agentMAC(secret, strconv.FormatInt(timestamp, 10), body))
}

func eventKey(secret string) ([]byte, error) {
	b64 := strings.TrimPrefix(strings.TrimSpace(secret), "whsec_")
	key, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, refused("bad-secret", "an event webhook secret is whsec_ and base64: %v", err)
	}
	return key, nil
}

func eventMAC(key []byte, id, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id + "." + timestamp + "."))
	m.Write(body)
	return m.Sum(nil)
}

func agentMAC(secret, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp + "."))
	m.Write(body)
	return m.Sum(nil)
}

// checkTimestamp reads epoch seconds and checks them against the tolerance.
func checkTimestamp(value string, cfg verifyConfig) error {
	ts, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
	if err != nil {
		return refused("bad-timestamp", "the timestamp %q is not epoch seconds", value)
	}
	skew := cfg.now().Sub(time.Unix(ts, 0))
	if skew > cfg.tolerance {
		return refused("expired", "the timestamp is %s old (tolerance %s)", skew.Truncate(time.Second), cfg.tolerance)
	}
	if -skew > cfg.tolerance {
		return refused("expired", "the timestamp is %s in the future (tolerance %s)", (-skew).Truncate(time.Second),
			cfg.tolerance)
	}
	return nil
}

func verifyStandard(body []byte, h http.Header, secret string, cfg verifyConfig) error {
	id, ts, sigs := header(h, HeaderWebhookID), header(h, HeaderWebhookTimestamp), header(h, HeaderWebhookSignature)
	if id == "" || ts == "" || sigs == "" {
		return refused("missing-headers", "webhook-id, webhook-timestamp and webhook-signature are all needed")
	}
	key, err := eventKey(secret)
	if err != nil {
		return err
	}
	if err := checkTimestamp(ts, cfg); err != nil {
		return err
	}
	want := eventMAC(key, id, strings.TrimSpace(ts), body)
	for _, entry := range strings.Fields(sigs) {
		version, sig, ok := strings.Cut(entry, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(sig)
		if err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return refused("bad-signature", "no v1 signature matches the body under this secret")
}

func verifyAgent(body []byte, h http.Header, secret string, cfg verifyConfig) error {
	ts, sig := header(h, HeaderAgentTimestamp), header(h, HeaderAgentSignature)
	if ts == "" || sig == "" {
		return refused("missing-headers", "X-Mailroom-Timestamp and X-Mailroom-Signature are both needed")
	}
	if secret == "" {
		return refused("bad-secret", "the agent class's secret is empty")
	}
	if err := checkTimestamp(ts, cfg); err != nil {
		return err
	}
	hexSig := strings.TrimPrefix(strings.TrimSpace(sig), "sha256=")
	if !strings.HasPrefix(strings.TrimSpace(sig), "sha256=") {
		return refused("bad-signature", "X-Mailroom-Signature is not sha256=<hex>")
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil || !hmac.Equal(got, agentMAC(secret, strings.TrimSpace(ts), body)) {
		return refused("bad-signature", "the signature does not match the body under this secret")
	}
	return nil
}
