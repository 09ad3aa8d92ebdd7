// Package mailroom is the Go SDK of Mailroom's public API (the OpenAPI document sdks/openapi.json): every /v1/
// operation as a method of a service of the Client, typed errors carrying the problem+json fields, automatic
// retries where they are safe, cursor pagination as Pager[T], both event streams as iterators that resume, and the
// webhook helpers (VerifyWebhook, AgentHandler, HandleAgentWebhook). Standard library only; every call takes a
// context.Context first.
package mailroom

import (
	"net/http"
	"os"
	"strings"
	"time"
)

// Version of this SDK, aligned with the server's version.
const Version = "0.1.0-SNAPSHOT"

// DefaultBaseURL is used when neither WithBaseURL nor the environment variable MAILROOM_BASE_URL gives one.
const DefaultBaseURL = "http://127.0.0.1:8080"

const (
	defaultTimeout       = 30 * time.Second
	defaultMaxRetries    = 2
	defaultMaxRetryDelay = 60 * time.Second
)

// Client talks to one Mailroom api. It is safe for concurrent use. Its services are fields:
// c.Emails.Send(ctx, ...), c.Agents.WaitForReply(ctx, ...), and so on.
type Client struct {
	Emails       *EmailsService
	Messages     *MessagesService
	Mailboxes    *MailboxesService
	Threads      *ThreadsService
	Labels       *LabelsService
	Drafts       *DraftsService
	Agents       *AgentsService
	Schedules    *SchedulesService
	Domains      *DomainsService
	APIKeys      *APIKeysService
	Suppressions *SuppressionsService
	Webhooks     *WebhooksService
	Events       *EventsService

	apiKey        string
	baseURL       string
	http          *http.Client
	timeout       time.Duration
	maxRetries    int
	maxRetryDelay time.Duration
	onRetry       func(RetryInfo)
	userAgent     string
	sleep         func(d time.Duration) <-chan time.Time
	readYourSends bool
	sends         *recentSends // nil: WithReadYourSends(false)
}

// Option configures a Client.
type Option func(*Client)

// WithBaseURL sets the api's origin, e.g. "http://127.0.0.1:8080" (default: env MAILROOM_BASE_URL, else
// DefaultBaseURL).
func WithBaseURL(u string) Option { return func(c *Client) { c.baseURL = u } }

// WithHTTPClient sets the http.Client the SDK uses (default: a new one). Leave its Timeout at zero: the SDK times
// each attempt itself (WithTimeout), and a client-wide timeout would also cut the long-lived streams.
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithMaxRetries sets how many times a failed request is retried where that is safe (default 2; 0 disables).
func WithMaxRetries(n int) Option {
	return func(c *Client) {
		if n < 0 {
			n = 0
		}
		c.maxRetries = n
	}
}

// WithMaxRetryDelay caps the wait before a retry, Retry-After included (default 60 s: the api's rate windows are a
// minute).
func WithMaxRetryDelay(d time.Duration) Option { return func(c *Client) { c.maxRetryDelay = d } }

// WithTimeout sets the timeout of one attempt of a request (default 30 s; a long poll adds its wait).
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithOnRetry sets a function called before every retry (and every stream reconnection), e.g. to count or log them.
func WithOnRetry(fn func(RetryInfo)) Option { return func(c *Client) { c.onRetry = fn } }

// WithUserAgent adds a product to the User-Agent header (after mailroom-sdk-go/<Version>).
func WithUserAgent(product string) Option {
	return func(c *Client) { c.userAgent = "mailroom-sdk-go/" + Version + " " + product }
}

// NewClient returns a client authenticating with apiKey (default: env MAILROOM_API_KEY).
func NewClient(apiKey string, opts ...Option) *Client {
	c := &Client{
		apiKey:        apiKey,
		baseURL:       os.Getenv("MAILROOM_BASE_URL"),
		timeout:       defaultTimeout,
		maxRetries:    defaultMaxRetries,
		maxRetryDelay: defaultMaxRetryDelay,
		userAgent:     "mailroom-sdk-go/" + Version,
		sleep:         time.After,
		readYourSends: true,
	}
	if c.apiKey == "" {
		c.apiKey = os.Getenv("MAILROOM_API_KEY")
	}
	if c.baseURL == "" {
		c.baseURL = DefaultBaseURL
	}
	for _, o := range opts {
		o(c)
	}
	if c.http == nil {
		c.http = &http.Client{}
	}
	c.baseURL = strings.TrimRight(c.baseURL, "/")
	if c.readYourSends {
		c.sends = newRecentSends()
	}
	c.Emails = &EmailsService{c}
	c.Messages = &MessagesService{c}
	c.Mailboxes = &MailboxesService{c}
	c.Threads = &ThreadsService{c}
	c.Labels = &LabelsService{c}
	c.Drafts = &DraftsService{c}
	c.Agents = &AgentsService{c}
	c.Schedules = &SchedulesService{c}
	c.Domains = &DomainsService{c}
	c.APIKeys = &APIKeysService{c}
	c.Suppressions = &SuppressionsService{c}
	c.Webhooks = &WebhooksService{c}
	c.Events = &EventsService{c}
	return c
}

// BaseURL is the api origin this client calls.
func (c *Client) BaseURL() string { return c.baseURL }
