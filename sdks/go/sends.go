package mailroom

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// Reading your own sends: a send is answered (202) once it is durably queued, but GET /v1/messages/{id} is served
// by the mailbox service, which files the send a few tens of milliseconds later. The client remembers the ids its
// own accepted sends were given (60 s, the newest 1,000) and, for those ids only, retries the 404 of a read with a
// short backoff (100 ms doubling, cap 1 s) for up to 5 s (no longer than the client's timeout; the context ends it
// too). Any other id answers its 404 at once. WithReadYourSends(false) turns it off.
const (
	rememberSendsFor    = 60 * time.Second
	rememberSendsMax    = 1000
	readYourSendsFor    = 5 * time.Second
	readYourSendsFirst  = 100 * time.Millisecond
	readYourSendsMaxGap = time.Second
)

// WithReadYourSends turns reading your own sends on (the default) or off: with it on, Emails.Get, Messages.Get,
// Messages.Raw and Messages.Body of an id this client's own send was given in the last 60 s retry a 404 for up to
// 5 s, while the mailbox files the send.
func WithReadYourSends(on bool) Option { return func(c *Client) { c.readYourSends = on } }

// recentSends holds the ids of a client's recent accepted sends, oldest first. Safe for concurrent use.
type recentSends struct {
	mu    sync.Mutex
	ttl   time.Duration
	max   int
	now   func() time.Time
	order *list.List // of sentID, oldest first
	ids   map[string]*list.Element
}

type sentID struct {
	id string
	at time.Time
}

func newRecentSends() *recentSends {
	return &recentSends{ttl: rememberSendsFor, max: rememberSendsMax, now: time.Now, order: list.New(),
		ids: map[string]*list.Element{}}
}

// remember records ids (empty ones skipped) as sent now.
func (r *recentSends) remember(ids ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	for _, id := range ids {
		if id == "" {
			continue
		}
		if e, ok := r.ids[id]; ok {
			r.order.Remove(e)
		}
		r.ids[id] = r.order.PushBack(sentID{id, now})
	}
	r.prune(now)
}

// has tells whether id was sent in the last 60 s (among the newest 1,000).
func (r *recentSends) has(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.prune(r.now())
	_, ok := r.ids[id]
	return ok
}

func (r *recentSends) len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.order.Len()
}

// prune drops the oldest entries while there are too many or they are too old. r.mu is held.
func (r *recentSends) prune(now time.Time) {
	for e := r.order.Front(); e != nil; e = r.order.Front() {
		s := e.Value.(sentID)
		if r.order.Len() <= r.max && now.Sub(s.at) <= r.ttl {
			return
		}
		r.order.Remove(e)
		delete(r.ids, s.id)
	}
}

// sent remembers the ids an accepted send was given.
func (c *Client) sent(ids ...string) {
	if c.sends != nil {
		c.sends.remember(ids...)
	}
}

// readYourSend runs read (a read of message id); when id is one of this client's recent sends, its 404 is retried
// with backoff for up to 5 s (at most the client's timeout; ctx ends the wait with its error), then returned.
func readYourSend[T any](ctx context.Context, c *Client, id string, read func() (T, error)) (T, error) {
	if c.sends == nil || !c.sends.has(id) {
		return read()
	}
	budget := readYourSendsFor
	if c.timeout > 0 && c.timeout < budget {
		budget = c.timeout
	}
	start := time.Now()
	var slept time.Duration // counted too: an injected sleep that does not sleep still ends the loop
	delay := readYourSendsFirst
	for {
		v, err := read()
		if err == nil || !IsNotFound(err) {
			return v, err
		}
		elapsed := time.Since(start)
		if slept > elapsed {
			elapsed = slept
		}
		left := budget - elapsed
		if left <= 0 {
			return v, err
		}
		pause := delay
		if pause > left {
			pause = left
		}
		select {
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		case <-c.sleep(pause):
		}
		slept += pause
		if delay *= 2; delay > readYourSendsMaxGap {
			delay = readYourSendsMaxGap
		}
	}
}
