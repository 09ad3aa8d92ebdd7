package mailroom

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	mrand "math/rand"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// RetryInfo describes a retry about to happen (given to the WithOnRetry function).
type RetryInfo struct {
	Method string
	Path   string
	// Attempt is the number of the attempt that failed, from 1.
	Attempt int
	// Status is the HTTP status of the failed attempt, 0 for a network error or timeout.
	Status int
	// Err is the failure: an *APIError, *ConnectionError or *TimeoutError.
	Err error
	// Delay is the wait before the next attempt.
	Delay time.Duration
}

// request is one API call.
type request struct {
	method string
	path   string // already escaped
	query  url.Values
	body   any    // JSON-encoded when not nil
	accept string // default application/json
	// idempotencyKey is sent as Idempotency-Key when not empty (it makes a POST safe to retry).
	idempotencyKey string
	// extra is added to the attempt's timeout (a long poll's wait).
	extra   time.Duration
	headers http.Header
}

// pathOf joins escaped path segments after "/v1/".
func pathOf(segments ...string) string {
	var b strings.Builder
	b.WriteString("/v1")
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// newIdempotencyKey returns a random UUID (version 4).
func newIdempotencyKey() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("mailroom: no randomness: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// safeToRetry tells whether a request may be sent again after a failure whose effect is unknown.
func safeToRetry(method string, idempotencyKey string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return idempotencyKey != ""
}

// retryableStatus tells whether an HTTP status is worth a retry.
func retryableStatus(status int) bool {
	switch status {
	case 408, 429, 500, 502, 503, 504:
		return true
	}
	return false
}

// ShouldRetry is the retry decision: whether an attempt of a request with this method (and an Idempotency-Key or
// not) that failed with this HTTP status (0: a network error or timeout) may be retried. A 429 always may: the api
// refused it at the edge, before any effect.
func ShouldRetry(method string, hasIdempotencyKey bool, status int) bool {
	if status == 429 {
		return true
	}
	if status != 0 && !retryableStatus(status) {
		return false
	}
	key := ""
	if hasIdempotencyKey {
		key = "k"
	}
	return safeToRetry(method, key)
}

// ParseRetryAfter reads a Retry-After value: seconds, or an HTTP date (relative to now). ok is false when the value
// is absent or unreadable.
func ParseRetryAfter(value string, now time.Time) (d time.Duration, ok bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(value, 64); err == nil {
		if secs < 0 || math.IsNaN(secs) || math.IsInf(secs, 0) {
			return 0, false
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if t, err := http.ParseTime(value); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// Backoff is the wait before retry number n (from 0) without a Retry-After: 0.5 s × 2^n with jitter (between half
// and all of it), at most 8 s.
func Backoff(n int) time.Duration {
	base := 500 * time.Millisecond
	d := base
	for i := 0; i < n && d < 8*time.Second; i++ {
		d *= 2
	}
	if d > 8*time.Second {
		d = 8 * time.Second
	}
	half := d / 2
	return half + time.Duration(mrand.Int63n(int64(half)+1))
}

// retryDelay is the wait before the next attempt: Retry-After when given, else Backoff, capped by maxRetryDelay.
func (c *Client) retryDelay(n int, retryAfter time.Duration, hasRetryAfter bool) time.Duration {
	d := Backoff(n)
	if hasRetryAfter {
		d = retryAfter
	}
	if c.maxRetryDelay > 0 && d > c.maxRetryDelay {
		d = c.maxRetryDelay
	}
	return d
}

// response is a finished attempt: status, headers and the whole body.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends req with retries and returns the 2xx answer, or an *APIError, *ConnectionError or *TimeoutError (or the
// context's error when ctx ends).
func (c *Client) do(ctx context.Context, req *request) (*response, error) {
	var payload []byte
	if req.body != nil {
		var err error
		if payload, err = json.Marshal(req.body); err != nil {
			return nil, fmt.Errorf("mailroom: cannot encode the request body: %w", err)
		}
	}
	for attempt := 0; ; attempt++ {
		resp, err := c.attempt(ctx, req, payload)
		if err == nil && resp.status < 300 {
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		status := 0
		var retryAfter time.Duration
		hasRetryAfter := false
		if err == nil {
			apiErr := newAPIError(req.method, req.path, resp)
			status, err = resp.status, apiErr
			retryAfter, hasRetryAfter = apiErr.RetryAfter, apiErr.hasRetryAfter
		}
		if attempt >= c.maxRetries || !ShouldRetry(req.method, req.idempotencyKey != "", status) {
			return nil, err
		}
		delay := c.retryDelay(attempt, retryAfter, hasRetryAfter)
		if c.onRetry != nil {
			c.onRetry(RetryInfo{Method: req.method, Path: req.path, Attempt: attempt + 1, Status: status, Err: err,
				Delay: delay})
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-c.sleep(delay):
		}
	}
}

// newHTTPRequest builds the http.Request of one attempt.
func (c *Client) newHTTPRequest(ctx context.Context, req *request, payload []byte) (*http.Request, error) {
	u := c.baseURL + req.path
	if len(req.query) > 0 {
		u += "?" + req.query.Encode()
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	hr, err := http.NewRequestWithContext(ctx, req.method, u, body)
	if err != nil {
		return nil, fmt.Errorf("mailroom: bad request URL %q: %w", u, err)
	}
	for k, vs := range req.headers {
		for _, v := range vs {
			hr.Header.Add(k, v)
		}
	}
	if c.apiKey != "" {
		hr.Header.Set("Authorization", "Bearer "+c.apiKey)
	}
	hr.Header.Set("User-Agent", c.userAgent)
	accept := req.accept
	if accept == "" {
		accept = "application/json"
	}
	hr.Header.Set("Accept", accept+", application/problem+json")
	if payload != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if req.idempotencyKey != "" {
		hr.Header.Set("Idempotency-Key", req.idempotencyKey)
	}
	return hr, nil
}

// attempt sends the request once, within the per-attempt timeout, and reads the whole answer.
func (c *Client) attempt(ctx context.Context, req *request, payload []byte) (*response, error) {
	actx, cancel := ctx, context.CancelFunc(func() {})
	if c.timeout > 0 {
		actx, cancel = context.WithTimeout(ctx, c.timeout+req.extra)
	}
	defer cancel()
	hr, err := c.newHTTPRequest(actx, req, payload)
	if err != nil {
		return nil, err
	}
	hresp, err := c.http.Do(hr)
	if err != nil {
		return nil, c.networkError(ctx, actx, req, err)
	}
	defer hresp.Body.Close()
	body, err := io.ReadAll(hresp.Body)
	if err != nil {
		return nil, c.networkError(ctx, actx, req, err)
	}
	return &response{status: hresp.StatusCode, header: hresp.Header, body: body}, nil
}

// networkError classifies a transport failure: the caller's context ending, a timeout, or a connection error.
func (c *Client) networkError(ctx, actx context.Context, req *request, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ne interface{ Timeout() bool }
	if actx.Err() == context.DeadlineExceeded || (errors.As(err, &ne) && ne.Timeout()) {
		return &TimeoutError{Method: req.method, Path: req.path, Timeout: c.timeout + req.extra, Err: err}
	}
	return &ConnectionError{Method: req.method, Path: req.path, Err: err}
}

// call sends req and decodes a JSON answer into out (when out is not nil and the answer has a body).
func (c *Client) call(ctx context.Context, req *request, out any) error {
	resp, err := c.do(ctx, req)
	if err != nil {
		return err
	}
	if out == nil || len(bytes.TrimSpace(resp.body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(resp.body, out); err != nil {
		return fmt.Errorf("mailroom: %s %s: cannot decode the answer: %w", req.method, req.path, err)
	}
	return nil
}

// fetch sends req and decodes its JSON answer into a new T.
func fetch[T any](ctx context.Context, c *Client, req *request) (*T, error) {
	var out T
	if err := c.call(ctx, req, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// raw sends req and returns the answer's bytes.
func (c *Client) raw(ctx context.Context, req *request) ([]byte, error) {
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	return resp.body, nil
}

// setQuery adds a query parameter when the value is not empty.
func setQuery(q url.Values, name, value string) {
	if value != "" {
		q.Set(name, value)
	}
}

// setInt adds an integer query parameter when it is positive.
func setInt(q url.Values, name string, value int) {
	if value > 0 {
		q.Set(name, strconv.Itoa(value))
	}
}

// required refuses an empty path argument before any request is made.
func required(name, value string) error {
	if value == "" {
		return fmt.Errorf("mailroom: %s must not be empty", name)
	}
	return nil
}
