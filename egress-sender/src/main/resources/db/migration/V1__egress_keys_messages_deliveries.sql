-- egress-sender owns the schema "egress" (Flyway creates it; agent-host owns "public").

-- API keys: the token is shown once at creation; only its SHA-256 is stored (a 256-bit random secret needs no
-- slow hash: nothing to brute-force). Scoped to sending domains; '*' means every domain.
CREATE TABLE api_key (
    id               TEXT PRIMARY KEY,          -- public part of the token: mr_<id>_<secret>
    name             TEXT        NOT NULL,
    secret_sha256    TEXT        NOT NULL,
    domains          TEXT        NOT NULL,      -- comma-separated, lower case, or '*'
    admin            BOOLEAN     NOT NULL DEFAULT FALSE,
    rate_per_minute  INTEGER,                   -- null: the configured default
    created_at       TIMESTAMPTZ NOT NULL,
    revoked_at       TIMESTAMPTZ
);

-- One row per send request, from any source (REST, agents, CLI, MCP). The spool: raw holds the signed MIME built once.
CREATE TABLE outbound_message (
    id               TEXT PRIMARY KEY,          -- send id, the Kafka key on mailroom.outbound.requested
    status           TEXT        NOT NULL,      -- accepted, queued, deferred, delivered, sent, partially-delivered, bounced, suppressed, failed
    source           TEXT        NOT NULL,      -- api or kafka
    api_key_id       TEXT,
    sender           TEXT        NOT NULL,
    sender_domain    TEXT        NOT NULL,
    subject          TEXT        NOT NULL,
    message_id       TEXT,                      -- the Message-ID header, angle brackets included
    request          TEXT        NOT NULL,      -- the OutboundRequest JSON
    raw              BYTEA,                     -- signed RFC 5322 bytes; null until spooled
    smtp_utf8        BOOLEAN     NOT NULL DEFAULT FALSE,
    tags             TEXT        NOT NULL DEFAULT '',
    failure          TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX outbound_message_accepted ON outbound_message (created_at) WHERE status = 'accepted';

-- Idempotency-Key of the REST API: the same key with the same body answers the same ids; another body is refused.
CREATE TABLE idempotency_key (
    api_key_id       TEXT        NOT NULL,
    idem_key         TEXT        NOT NULL,
    request_sha256   TEXT        NOT NULL,
    response         TEXT        NOT NULL,      -- JSON body answered the first time
    created_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (api_key_id, idem_key)
);

-- The delivery queue: one row per envelope recipient. A due row is claimed by moving next_attempt_at forward by
-- a lease, so a crashed worker's claims come back by themselves.
CREATE TABLE delivery (
    id               BIGSERIAL PRIMARY KEY,
    message_id       TEXT        NOT NULL REFERENCES outbound_message (id),
    recipient        TEXT        NOT NULL,
    domain           TEXT        NOT NULL,
    status           TEXT        NOT NULL,      -- pending, delivered, sent, bounced, suppressed, failed
    attempts         INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    last_reply       TEXT,
    last_host        TEXT,
    updated_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (message_id, recipient)
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status = 'pending';

-- Every attempt and its answer, for GET /v1/messages/{id}.
CREATE TABLE delivery_attempt (
    id               BIGSERIAL PRIMARY KEY,
    message_id       TEXT        NOT NULL REFERENCES outbound_message (id),
    recipient        TEXT        NOT NULL,
    attempted_at     TIMESTAMPTZ NOT NULL,
    host             TEXT,
    outcome          TEXT        NOT NULL,      -- delivered, sent, deferred, bounced, failed
    reply            TEXT
);
CREATE INDEX delivery_attempt_message ON delivery_attempt (message_id, id);

-- Hard-bounced (or manually added) recipients: later sends to them are not attempted.
CREATE TABLE suppression (
    address          TEXT PRIMARY KEY,          -- lower case
    reason           TEXT        NOT NULL,      -- hard-bounce or manual
    detail           TEXT,
    message_id       TEXT,
    created_at       TIMESTAMPTZ NOT NULL
);
