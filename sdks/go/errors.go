package mailroom

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// FieldError is one entry of a problem's errors: which field, what is wrong.
type FieldError struct {
	Field  string `json:"field"`
	Detail string `json:"detail"`
}

// APIError is an HTTP error answer of the api, with the fields of its problem+json body (RFC 9457). Test its kind
// with IsAuthentication, IsPermissionDenied, IsNotFound, IsConflict, IsValidation, IsRateLimit, or read Status.
type APIError struct {
	Status   int          `json:"status"`
	Type     string       `json:"type"`
	Title    string       `json:"title"`
	Detail   string       `json:"detail"`
	Instance string       `json:"instance"`
	Errors   []FieldError `json:"errors"`
	// RetryAfter is the Retry-After header's wait, when the answer had one (see HasRetryAfter).
	RetryAfter time.Duration `json:"-"`
	// Method and Path name the request.
	Method string `json:"-"`
	Path   string `json:"-"`
	// Body is the answer's body as received.
	Body []byte `json:"-"`

	hasRetryAfter bool
}

// HasRetryAfter tells whether the answer carried a readable Retry-After header.
func (e *APIError) HasRetryAfter() bool { return e.hasRetryAfter }

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mailroom: %s %s: HTTP %d", e.Method, e.Path, e.Status)
	if e.Title != "" {
		b.WriteString(" " + e.Title)
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	for _, f := range e.Errors {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Detail)
	}
	return b.String()
}

// newAPIError reads an error answer; a body that is not problem+json leaves the fields empty but Status and Body.
func newAPIError(method, path string, resp *response) *APIError {
	e := &APIError{}
	if len(resp.body) > 0 {
		_ = json.Unmarshal(resp.body, e) // best effort: not every error answer is problem+json
	}
	e.Status, e.Method, e.Path, e.Body = resp.status, method, path, resp.body
	if e.Title == "" && len(resp.body) > 0 && !json.Valid(resp.body) {
		t := strings.TrimSpace(string(resp.body))
		if len(t) > 200 {
			t = t[:200]
		}
		e.Title = t
	}
	e.RetryAfter, e.hasRetryAfter = ParseRetryAfter(resp.header.Get("Retry-After"), time.Now())
	return e
}

func hasStatus(err error, status int) bool {
	var e *APIError
	return errors.As(err, &e) && e.Status == status
}

// IsAuthentication tells whether err is a 401 answer (a missing, unknown or revoked API key).
func IsAuthentication(err error) bool { return hasStatus(err, 401) }

// IsPermissionDenied tells whether err is a 403 answer (the key lacks a permission or a domain).
func IsPermissionDenied(err error) bool { return hasStatus(err, 403) }

// IsNotFound tells whether err is a 404 answer.
func IsNotFound(err error) bool { return hasStatus(err, 404) }

// IsConflict tells whether err is a 409 answer (e.g. a draft already decided, a domain that exists).
func IsConflict(err error) bool { return hasStatus(err, 409) }

// IsValidation tells whether err is a 422 answer; its Errors name the fields.
func IsValidation(err error) bool { return hasStatus(err, 422) }

// IsRateLimit tells whether err is a 429 answer (after the retries were spent).
func IsRateLimit(err error) bool { return hasStatus(err, 429) }

// IsTimeout tells whether err is a *TimeoutError.
func IsTimeout(err error) bool {
	var e *TimeoutError
	return errors.As(err, &e)
}

// IsConnection tells whether err is a *ConnectionError.
func IsConnection(err error) bool {
	var e *ConnectionError
	return errors.As(err, &e)
}

// ConnectionError is a request that got no HTTP answer (refused, reset, DNS).
type ConnectionError struct {
	Method, Path string
	Err          error
}

func (e *ConnectionError) Error() string {
	return fmt.Sprintf("mailroom: %s %s: connection failed: %v", e.Method, e.Path, e.Err)
}

func (e *ConnectionError) Unwrap() error { return e.Err }

// TimeoutError is a request attempt that did not finish within the client's timeout.
type TimeoutError struct {
	Method, Path string
	Timeout      time.Duration
	Err          error
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("mailroom: %s %s: no answer within %s", e.Method, e.Path, e.Timeout)
}

func (e *TimeoutError) Unwrap() error { return e.Err }
