package mailroom

import (
	"context"
	"net/url"
	"strconv"
)

// ListParams are the paging parameters of a list: Limit items per page (0: the api's default) and the PageToken of
// the page to start at (empty: the first).
type ListParams struct {
	Limit     int
	PageToken string
}

func (p ListParams) query() url.Values {
	q := url.Values{}
	setInt(q, "limit", p.Limit)
	setQuery(q, "page_token", p.PageToken)
	return q
}

// Page is one page of a list: its items and the token of the next page (empty on the last one).
type Page[T any] struct {
	Items         []T    `json:"items"`
	NextPageToken string `json:"next_page_token,omitempty"`
}

// Pager iterates over every item of a list, fetching the next page when the current one is used up:
//
//	p := c.Mailboxes.List(ctx, mailroom.ListParams{})
//	for p.Next(ctx) {
//		fmt.Println(p.Item().Address)
//	}
//	if err := p.Err(); err != nil { ... }
//
// A Pager is not safe for concurrent use.
type Pager[T any] struct {
	listCtx context.Context
	fetch   func(ctx context.Context, token string) (*Page[T], error)
	token   string
	page    *Page[T]
	items   []T
	item    T
	pages   int
	done    bool
	err     error
}

func newPager[T any](ctx context.Context, first string,
	fetch func(ctx context.Context, token string) (*Page[T], error)) *Pager[T] {
	return &Pager[T]{listCtx: ctx, token: first, fetch: fetch}
}

// pagerOf is a Pager over GET path with the list's paging parameters and filters.
func pagerOf[T any](ctx context.Context, c *Client, path string, filters url.Values, p ListParams) *Pager[T] {
	return newPager(ctx, p.PageToken, func(ctx context.Context, token string) (*Page[T], error) {
		return pageOf[T](ctx, c, path, filters, ListParams{Limit: p.Limit, PageToken: token})
	})
}

// pageOf fetches one page.
func pageOf[T any](ctx context.Context, c *Client, path string, filters url.Values, p ListParams) (*Page[T], error) {
	q := p.query()
	for k, v := range filters {
		q[k] = v
	}
	var page Page[T]
	if err := c.call(ctx, &request{method: "GET", path: path, query: q}, &page); err != nil {
		return nil, err
	}
	return &page, nil
}

// Next advances to the next item, fetching a page when needed; false at the end or on an error (see Err). The
// context of the List call bounds the whole iteration; ctx bounds this call.
func (p *Pager[T]) Next(ctx context.Context) bool {
	for len(p.items) == 0 {
		if p.done || p.err != nil {
			return false
		}
		if p.listCtx != nil && p.listCtx.Err() != nil {
			p.err = p.listCtx.Err()
			return false
		}
		page, err := p.fetch(ctx, p.token)
		if err != nil {
			p.err = err
			return false
		}
		p.pages++
		p.page = page
		p.items = page.Items
		p.token = page.NextPageToken
		if p.token == "" {
			p.done = true
		}
	}
	p.item, p.items = p.items[0], p.items[1:]
	return true
}

// Item is the current item (after Next returned true).
func (p *Pager[T]) Item() T { return p.item }

// Err is the error that ended the iteration, nil at a normal end.
func (p *Pager[T]) Err() error { return p.err }

// Pages is how many pages were fetched so far.
func (p *Pager[T]) Pages() int { return p.pages }

// NextPageToken is the token of the page the Pager fetches next (empty at the end): keep it to resume later.
func (p *Pager[T]) NextPageToken() string { return p.token }

// All reads every remaining item.
func (p *Pager[T]) All(ctx context.Context) ([]T, error) {
	var out []T
	for p.Next(ctx) {
		out = append(out, p.Item())
	}
	return out, p.Err()
}

func itoa64(v int64) string { return strconv.FormatInt(v, 10) }
