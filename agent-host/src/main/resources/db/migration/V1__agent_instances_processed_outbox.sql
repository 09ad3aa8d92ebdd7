-- One row per agent instance: its durable state as JSON.
CREATE TABLE agent_instance (
    id          TEXT PRIMARY KEY,            -- Class/instance, the Kafka key of its mail
    class_name  TEXT        NOT NULL,
    instance    TEXT        NOT NULL,
    state       TEXT        NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    version     BIGINT      NOT NULL DEFAULT 0
);

-- Routed ids whose effects are committed: a redelivered record found here is skipped (idempotent consumer).
CREATE TABLE processed_message (
    id            TEXT PRIMARY KEY,          -- routed id
    agent_key     TEXT        NOT NULL,
    processed_at  TIMESTAMPTZ NOT NULL
);

-- Transactional outbox: written in the same transaction as the state; published to Kafka by OutboxRelay.
CREATE TABLE outbox_message (
    id            TEXT PRIMARY KEY,          -- send id, also the Kafka key
    topic         TEXT        NOT NULL,
    payload       TEXT        NOT NULL,      -- versioned JSON record
    causation_id  TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    published_at  TIMESTAMPTZ
);
CREATE INDEX outbox_message_pending ON outbox_message (created_at) WHERE published_at IS NULL;
