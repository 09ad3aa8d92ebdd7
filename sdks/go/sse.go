package mailroom

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// sseEvent is one server-sent event as dispatched by the parser.
type sseEvent struct {
	id    string // the last event id seen so far (the event's own, or an earlier one)
	event string
	data  string
}

// sseParser reads server-sent events (https://html.spec.whatwg.org/multipage/server-sent-events.html) by hand:
// fields id, event, data, retry; comments (keep-alives) skipped; an event dispatched at a blank line.
type sseParser struct {
	r      *bufio.Reader
	lastID string
	retry  time.Duration // the last retry field, 0 when none
}

func newSSEParser(r io.Reader, lastID string) *sseParser {
	return &sseParser{r: bufio.NewReaderSize(r, 64*1024), lastID: lastID}
}

// next returns the next event; io.EOF (or the read error) at the end of the connection.
func (p *sseParser) next() (sseEvent, error) {
	var data strings.Builder
	hasData := false
	event := ""
	for {
		line, err := p.r.ReadString('\n')
		if err != nil {
			// an event not ended by a blank line is dropped, as the specification says
			if err == io.EOF {
				return sseEvent{}, io.EOF
			}
			return sseEvent{}, err
		}
		line = strings.TrimRight(line, "\n")
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			if !hasData {
				event = ""
				continue
			}
			return sseEvent{id: p.lastID, event: event, data: data.String()}, nil
		}
		if strings.HasPrefix(line, ":") {
			continue // a comment: keep-alive
		}
		field, value := line, ""
		if i := strings.IndexByte(line, ':'); i >= 0 {
			field, value = line[:i], strings.TrimPrefix(line[i+1:], " ")
		}
		switch field {
		case "data":
			if hasData {
				data.WriteByte('\n')
			}
			data.WriteString(value)
			hasData = true
		case "event":
			event = value
		case "id":
			if !strings.ContainsRune(value, 0) {
				p.lastID = value
			}
		case "retry":
			if ms, err := strconv.Atoi(value); err == nil && ms >= 0 {
				p.retry = time.Duration(ms) * time.Millisecond
			}
		}
	}
}

// sseStream is a resuming stream of decoded server-sent events, read by a goroutine started on the first next.
type sseStream struct {
	c      *Client
	ctx    context.Context
	cancel context.CancelFunc
	// build makes the request of a (re)connection; lastID is the last event id seen.
	build  func(lastID string) *request
	decode func(ev sseEvent) (any, error)

	items     chan any
	done      chan struct{}
	startOnce sync.Once
	closeOnce sync.Once

	mu      sync.Mutex
	err     error // why the reader ended
	nextErr error // the context error of the last next
	closed  bool
	lastID  string
}

func newSSEStream(ctx context.Context, c *Client, build func(lastID string) *request,
	decode func(ev sseEvent) (any, error)) *sseStream {
	sctx, cancel := context.WithCancel(ctx)
	return &sseStream{c: c, ctx: sctx, cancel: cancel, build: build, decode: decode, items: make(chan any),
		done: make(chan struct{})}
}

// fail ends the stream before it starts.
func (s *sseStream) fail(err error) {
	s.startOnce.Do(func() {
		s.mu.Lock()
		s.err = err
		s.mu.Unlock()
		close(s.done)
	})
}

func (s *sseStream) next(ctx context.Context) (any, bool) {
	s.startOnce.Do(func() { go s.run() })
	s.mu.Lock()
	s.nextErr = nil
	s.mu.Unlock()
	select {
	case v := <-s.items:
		return v, true
	case <-s.done:
		return nil, false
	case <-ctx.Done():
		s.mu.Lock()
		s.nextErr = ctx.Err()
		s.mu.Unlock()
		return nil, false
	}
}

// Err is why the stream ended, or the context error of the last next.
func (s *sseStream) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	return s.nextErr
}

// Close stops the reader and waits for it.
func (s *sseStream) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		s.cancel()
		s.startOnce.Do(func() { close(s.done) })
		<-s.done
	})
	return nil
}

// LastID is the last event id received.
func (s *sseStream) LastID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastID
}

func (s *sseStream) finish(err error) {
	s.mu.Lock()
	if !s.closed && s.err == nil {
		if err == nil && s.ctx.Err() != nil {
			err = s.ctx.Err()
		}
		s.err = err
	}
	s.mu.Unlock()
	close(s.done)
}

// run connects, reads and reconnects until the context ends, Close, or a failure that is not worth a retry.
func (s *sseStream) run() {
	failures := 0
	for {
		req := s.build(s.LastID())
		body, err := s.connect(req)
		var retryHint time.Duration
		status := 0
		if err == nil {
			failures = 0
			var parser *sseParser
			parser, err = s.read(req, body)
			body.Close()
			retryHint = parser.retry
			if err == nil {
				s.finish(nil)
				return
			}
		}
		if s.ctx.Err() != nil {
			s.finish(nil)
			return
		}
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			status = apiErr.Status
			if apiErr.hasRetryAfter {
				retryHint = apiErr.RetryAfter
			}
			if !retryableStatus(status) {
				s.finish(err)
				return
			}
		} else if de := (*decodeError)(nil); errors.As(err, &de) {
			s.finish(err)
			return
		}
		if failures >= s.c.maxRetries {
			s.finish(err)
			return
		}
		delay := s.c.retryDelay(failures, retryHint, retryHint > 0)
		failures++
		if s.c.onRetry != nil {
			s.c.onRetry(RetryInfo{Method: req.method, Path: req.path, Attempt: failures, Status: status, Err: err,
				Delay: delay})
		}
		select {
		case <-s.ctx.Done():
			s.finish(nil)
			return
		case <-s.c.sleep(delay):
		}
	}
}

// decodeError is an event the stream cannot decode: not retried.
type decodeError struct{ err error }

func (e *decodeError) Error() string { return e.err.Error() }
func (e *decodeError) Unwrap() error { return e.err }

// connect opens one connection; the client's timeout bounds the wait for the answer's headers only.
func (s *sseStream) connect(req *request) (io.ReadCloser, error) {
	rctx, rcancel := context.WithCancel(s.ctx)
	hr, err := s.c.newHTTPRequest(rctx, req, nil)
	if err != nil {
		rcancel()
		return nil, err
	}
	hr.Header.Set("Accept", "text/event-stream")
	hr.Header.Set("Cache-Control", "no-cache")
	var timedOut int32
	if s.c.timeout > 0 {
		timer := time.AfterFunc(s.c.timeout, func() {
			atomic.StoreInt32(&timedOut, 1)
			rcancel()
		})
		defer timer.Stop()
	}
	resp, err := s.c.http.Do(hr)
	if err == nil && atomic.LoadInt32(&timedOut) == 1 {
		resp.Body.Close()
		err = context.DeadlineExceeded
	}
	if err != nil {
		rcancel()
		if atomic.LoadInt32(&timedOut) == 1 {
			return nil, &TimeoutError{Method: req.method, Path: req.path, Timeout: s.c.timeout, Err: err}
		}
		return nil, &ConnectionError{Method: req.method, Path: req.path, Err: err}
	}
	return s.accept(req, resp, rcancel)
}

// accept turns a non-2xx answer into an *APIError and returns the body of a 2xx one.
func (s *sseStream) accept(req *request, resp *http.Response, cancel context.CancelFunc) (io.ReadCloser, error) {
	if resp.StatusCode >= 300 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		cancel()
		return nil, newAPIError(req.method, req.path, &response{status: resp.StatusCode, header: resp.Header,
			body: body})
	}
	return &cancelingBody{ReadCloser: resp.Body, cancel: cancel}, nil
}

type cancelingBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelingBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// read parses events from one connection and hands them out; it returns the error that ended the connection
// (io.ErrUnexpectedEOF for a clean end: the server is expected to keep streams open), nil when the stream's
// context ended.
func (s *sseStream) read(req *request, body io.Reader) (*sseParser, error) {
	parser := newSSEParser(body, s.LastID())
	for {
		ev, err := parser.next()
		if err != nil {
			if s.ctx.Err() != nil {
				return parser, nil
			}
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return parser, &ConnectionError{Method: req.method, Path: req.path, Err: err}
		}
		item, err := s.decode(ev)
		if err != nil {
			return parser, &decodeError{err}
		}
		s.mu.Lock()
		s.lastID = ev.id
		s.mu.Unlock()
		select {
		case s.items <- item:
		case <-s.ctx.Done():
			return parser, nil
		}
	}
}

// Stream is an iterator over the items of a server-sent event stream that resumes after a dropped connection.
// Close it when done. Not safe for concurrent use, but Close may be called from another goroutine.
type Stream[T any] struct {
	s   *sseStream
	cur *T
}

// Next waits for the next item; false when the stream ended (Close, the stream's context, or an error: see Err)
// or when ctx ended (Err is ctx's error then; the stream stays usable).
func (st *Stream[T]) Next(ctx context.Context) bool {
	v, ok := st.s.next(ctx)
	if ok {
		st.cur = v.(*T)
	}
	return ok
}

// Event is the current item.
func (st *Stream[T]) Event() *T { return st.cur }

// Err is why the stream ended (nil after Close).
func (st *Stream[T]) Err() error { return st.s.Err() }

// Close ends the stream and its connection.
func (st *Stream[T]) Close() error { return st.s.Close() }
