-- Webhook agent classes created through the REST API (POST /v1/agents), ADR 0024. agent-host publishes each to the
-- compacted topic mailroom.agents (without the secret). Classes of code and configuration are not stored here.
CREATE TABLE webhook_agent (
    name        TEXT        PRIMARY KEY,     -- the agent class name, the Class of Class/instance
    addresses   TEXT[]      NOT NULL,        -- address names (lower case) that reach the class
    url         TEXT        NOT NULL,        -- http(s) URL the host POSTs each message and schedule to
    secret      TEXT        NOT NULL,        -- HMAC-SHA256 key of X-Mailroom-Signature (never returned by the API)
    timeout_ms  BIGINT      NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
