package mailroom

import (
	"context"
	"net/url"
	"strconv"
)

// DomainsService adds sending domains and manages their DNS records and DKIM keys.
type DomainsService struct{ c *Client }

func (s *DomainsService) domain(ctx context.Context, method, name, verb string, body any) (*Domain, error) {
	if err := required("name", name); err != nil {
		return nil, err
	}
	path := pathOf("domains", name)
	if verb != "" {
		path += "/" + verb
	}
	return fetch[Domain](ctx, s.c, &request{method: method, path: path, body: body})
}

// Create adds a domain; the answer lists the DNS records to publish (POST /v1/domains).
func (s *DomainsService) Create(ctx context.Context, p DomainParams) (*Domain, error) {
	if err := required("name", p.Name); err != nil {
		return nil, err
	}
	return fetch[Domain](ctx, s.c, &request{method: "POST", path: "/v1/domains", body: p})
}

// List iterates over the domains (GET /v1/domains).
func (s *DomainsService) List(ctx context.Context, p ListParams) *Pager[Domain] {
	return pagerOf[Domain](ctx, s.c, "/v1/domains", nil, p)
}

// ListPage reads one page of domains.
func (s *DomainsService) ListPage(ctx context.Context, p ListParams) (*Page[Domain], error) {
	return pageOf[Domain](ctx, s.c, "/v1/domains", nil, p)
}

// Get reads a domain with its keys and records (GET /v1/domains/{name}).
func (s *DomainsService) Get(ctx context.Context, name string) (*Domain, error) {
	return s.domain(ctx, "GET", name, "", nil)
}

// Zone reads the domain's records as a zone file fragment (GET /v1/domains/{name}/zone).
func (s *DomainsService) Zone(ctx context.Context, name string) (string, error) {
	if err := required("name", name); err != nil {
		return "", err
	}
	b, err := s.c.raw(ctx, &request{method: "GET", path: pathOf("domains", name, "zone"), accept: "text/plain"})
	return string(b), err
}

// Verify looks the domain's records up in DNS now (POST /v1/domains/{name}/verify).
func (s *DomainsService) Verify(ctx context.Context, name string) (*Domain, error) {
	return s.domain(ctx, "POST", name, "verify", nil)
}

// RotateDKIM starts a DKIM key rotation (POST /v1/domains/{name}/rotate-dkim).
func (s *DomainsService) RotateDKIM(ctx context.Context, name string) (*Domain, error) {
	return s.domain(ctx, "POST", name, "rotate-dkim", nil)
}

// Delete removes a domain (DELETE /v1/domains/{name}).
func (s *DomainsService) Delete(ctx context.Context, name string) error {
	if err := required("name", name); err != nil {
		return err
	}
	return s.c.call(ctx, &request{method: "DELETE", path: pathOf("domains", name)}, nil)
}

// ConfigureDNSUpdate lets Mailroom publish the domain's records by DNS UPDATE
// (PUT /v1/domains/{name}/dns-update).
func (s *DomainsService) ConfigureDNSUpdate(ctx context.Context, name string, p DNSUpdateParams) (*Domain, error) {
	return s.domain(ctx, "PUT", name, "dns-update", p)
}

// RemoveDNSUpdate forgets the domain's DNS UPDATE configuration (DELETE /v1/domains/{name}/dns-update).
func (s *DomainsService) RemoveDNSUpdate(ctx context.Context, name string) error {
	if err := required("name", name); err != nil {
		return err
	}
	return s.c.call(ctx, &request{method: "DELETE", path: pathOf("domains", name, "dns-update")}, nil)
}

// Publish publishes the domain's records by DNS UPDATE now (POST /v1/domains/{name}/publish).
func (s *DomainsService) Publish(ctx context.Context, name string) (*Publication, error) {
	if err := required("name", name); err != nil {
		return nil, err
	}
	return fetch[Publication](ctx, s.c, &request{method: "POST", path: pathOf("domains", name, "publish")})
}

// APIKeysService creates, lists and revokes API keys (admin key).
type APIKeysService struct{ c *Client }

// Create creates an API key; the answer's Token is shown only now (POST /v1/api-keys).
func (s *APIKeysService) Create(ctx context.Context, p APIKeyParams) (*APIKey, error) {
	return fetch[APIKey](ctx, s.c, &request{method: "POST", path: "/v1/api-keys", body: p})
}

// List iterates over the API keys (GET /v1/api-keys).
func (s *APIKeysService) List(ctx context.Context, p ListParams) *Pager[APIKey] {
	return pagerOf[APIKey](ctx, s.c, "/v1/api-keys", nil, p)
}

// ListPage reads one page of API keys.
func (s *APIKeysService) ListPage(ctx context.Context, p ListParams) (*Page[APIKey], error) {
	return pageOf[APIKey](ctx, s.c, "/v1/api-keys", nil, p)
}

// Get reads an API key (GET /v1/api-keys/{id}).
func (s *APIKeysService) Get(ctx context.Context, id string) (*APIKey, error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	return fetch[APIKey](ctx, s.c, &request{method: "GET", path: pathOf("api-keys", id)})
}

// Revoke revokes an API key (DELETE /v1/api-keys/{id}).
func (s *APIKeysService) Revoke(ctx context.Context, id string) error {
	if err := required("id", id); err != nil {
		return err
	}
	return s.c.call(ctx, &request{method: "DELETE", path: pathOf("api-keys", id)}, nil)
}

// WebhooksService manages event webhooks and their deliveries.
type WebhooksService struct{ c *Client }

func (s *WebhooksService) webhook(ctx context.Context, method, path string, body any) (*Webhook, error) {
	return fetch[Webhook](ctx, s.c, &request{method: method, path: path, body: body})
}

// Create adds an event webhook; the answer's Secret (whsec_...) verifies its deliveries (POST /v1/webhooks).
func (s *WebhooksService) Create(ctx context.Context, p WebhookParams) (*Webhook, error) {
	return s.webhook(ctx, "POST", "/v1/webhooks", p)
}

// List reads every webhook (GET /v1/webhooks).
func (s *WebhooksService) List(ctx context.Context) ([]Webhook, error) {
	var out struct {
		Items []Webhook `json:"items"`
	}
	if err := s.c.call(ctx, &request{method: "GET", path: "/v1/webhooks"}, &out); err != nil {
		return nil, err
	}
	return out.Items, nil
}

// Get reads a webhook (GET /v1/webhooks/{id}).
func (s *WebhooksService) Get(ctx context.Context, id string) (*Webhook, error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	return s.webhook(ctx, "GET", pathOf("webhooks", id), nil)
}

// Update changes the fields set in p (PATCH /v1/webhooks/{id}).
func (s *WebhooksService) Update(ctx context.Context, id string, p WebhookParams) (*Webhook, error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	return s.webhook(ctx, "PATCH", pathOf("webhooks", id), p)
}

// Delete removes a webhook (DELETE /v1/webhooks/{id}).
func (s *WebhooksService) Delete(ctx context.Context, id string) error {
	if err := required("id", id); err != nil {
		return err
	}
	return s.c.call(ctx, &request{method: "DELETE", path: pathOf("webhooks", id)}, nil)
}

// DeliveryListParams pages through a webhook's deliveries: Before (a NextBefore of the previous page) and Limit.
type DeliveryListParams struct {
	Before *int64
	Limit  int
}

// Deliveries reads a webhook's deliveries, newest first (GET /v1/webhooks/{id}/deliveries).
func (s *WebhooksService) Deliveries(ctx context.Context, id string, p DeliveryListParams) (*WebhookDeliveryList,
	error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	q := url.Values{}
	if p.Before != nil {
		q.Set("before", strconv.FormatInt(*p.Before, 10))
	}
	setInt(q, "limit", p.Limit)
	return fetch[WebhookDeliveryList](ctx, s.c, &request{method: "GET", path: pathOf("webhooks", id, "deliveries"),
		query: q})
}

// ReplayDelivery delivers one delivery's event again
// (POST /v1/webhooks/{id}/deliveries/{delivery_id}/replay).
func (s *WebhooksService) ReplayDelivery(ctx context.Context, id, deliveryID string) (*WebhookDelivery, error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	if err := required("deliveryID", deliveryID); err != nil {
		return nil, err
	}
	return fetch[WebhookDelivery](ctx, s.c, &request{method: "POST", path: pathOf("webhooks", id, "deliveries",
		deliveryID, "replay")})
}

// Replay delivers again the events of a time range (POST /v1/webhooks/{id}/replay).
func (s *WebhooksService) Replay(ctx context.Context, id string, p WebhookReplayParams) (*WebhookReplayResult,
	error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	return fetch[WebhookReplayResult](ctx, s.c, &request{method: "POST", path: pathOf("webhooks", id, "replay"),
		body: p})
}

// RotateSecret gives the webhook a new secret; the old one keeps signing for a while
// (POST /v1/webhooks/{id}/rotate-secret).
func (s *WebhooksService) RotateSecret(ctx context.Context, id string) (*WebhookSecret, error) {
	if err := required("id", id); err != nil {
		return nil, err
	}
	return fetch[WebhookSecret](ctx, s.c, &request{method: "POST", path: pathOf("webhooks", id, "rotate-secret")})
}
