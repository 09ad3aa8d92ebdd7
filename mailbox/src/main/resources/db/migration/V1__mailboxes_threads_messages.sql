-- mailbox owns the schema "mailbox" (Flyway creates it). Everything Mailroom receives and sends from the moment this
-- service runs: mailboxes, threads, messages in and out with their delivery, flags, labels and folders, the raw
-- message and the attachments (bytes in the blob store, by SHA-256), and the customer-facing event log.

-- Every address Mailroom serves is a mailbox; an agent instance is one (support@d and support+t1@d are two).
CREATE TABLE mailbox (
    id              TEXT PRIMARY KEY,                 -- Ids.derived("mailbox", address): the same address, the same id
    address         TEXT        NOT NULL UNIQUE,      -- lower-case addr-spec
    domain          TEXT        NOT NULL,             -- lower case: the tenant scope (a key's domains)
    agent_class     TEXT,                             -- the agent class owning it, null for a plain address
    agent_instance  TEXT,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX mailbox_domain ON mailbox (domain, id);

-- A conversation within one mailbox: our id; root = the RFC 5322 thread root (References root, else first
-- In-Reply-To, else the Message-ID), or the token-bound thread of an agent.
CREATE TABLE thread (
    id              TEXT PRIMARY KEY,                 -- Ids.derived("thread", mailbox id, root)
    mailbox_id      TEXT        NOT NULL REFERENCES mailbox (id) ON DELETE CASCADE,
    domain          TEXT        NOT NULL,
    root            TEXT        NOT NULL,             -- Message-ID (no brackets) of the root, or the message's own id
    subject         TEXT        NOT NULL,
    last_message_at TIMESTAMPTZ NOT NULL,
    message_count   INTEGER     NOT NULL DEFAULT 0,
    unread_count    INTEGER     NOT NULL DEFAULT 0,
    needs_reply     BOOLEAN     NOT NULL DEFAULT FALSE,  -- last message inbound, not automatic, and unanswered
    UNIQUE (mailbox_id, root)
);
CREATE INDEX thread_mailbox_recent ON thread (mailbox_id, last_message_at DESC, id DESC);
CREATE INDEX thread_domain_recent ON thread (domain, last_message_at DESC, id DESC);

-- One message in one mailbox: inbound (id = the routed id) or outbound (id = the send id).
CREATE TABLE message (
    id              TEXT PRIMARY KEY,
    mailbox_id      TEXT        NOT NULL REFERENCES mailbox (id) ON DELETE CASCADE,
    thread_id       TEXT        NOT NULL REFERENCES thread (id) ON DELETE CASCADE,
    domain          TEXT        NOT NULL,
    direction       TEXT        NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    inbound_id      TEXT,                             -- inbound: the raw record's id (raw_message)
    header_message_id TEXT,                           -- Message-ID without angle brackets
    in_reply_to     TEXT[]      NOT NULL DEFAULT '{}',
    refs            TEXT[]      NOT NULL DEFAULT '{}',
    from_address    TEXT,
    from_name       TEXT,
    to_addresses    JSONB       NOT NULL DEFAULT '[]', -- [{"address":..,"name":..}]
    cc_addresses    JSONB       NOT NULL DEFAULT '[]',
    bcc_addresses   JSONB       NOT NULL DEFAULT '[]',
    reply_to        JSONB       NOT NULL DEFAULT '[]',
    subject         TEXT        NOT NULL DEFAULT '',
    date_header     TIMESTAMPTZ,
    at              TIMESTAMPTZ NOT NULL,             -- received (inbound) or requested (outbound)
    text_body       TEXT,
    html_body       TEXT,
    snippet         TEXT        NOT NULL DEFAULT '',
    auto_reply      TEXT,
    authentication  JSONB,                            -- SPF/DKIM/DMARC verdicts (inbound)
    route           JSONB,                            -- how the router chose the mailbox (inbound)
    agent_class     TEXT,                             -- the sending agent (outbound) or the owning class (inbound)
    agent_instance  TEXT,
    raw_sha256      TEXT,                             -- the .eml in the blob store (inbound; outbound with raw)
    raw_size        BIGINT,
    status          TEXT,                             -- outbound: queued, sent, delivered, deferred, partially-delivered, bounced, suppressed, failed
    unread          BOOLEAN     NOT NULL DEFAULT TRUE,
    starred         BOOLEAN     NOT NULL DEFAULT FALSE,
    folder          TEXT        NOT NULL DEFAULT 'inbox' CHECK (folder IN ('inbox', 'archive', 'trash', 'spam', 'sent')),
    labels          TEXT[]      NOT NULL DEFAULT '{}'
);
CREATE INDEX message_thread ON message (thread_id, at, id);
CREATE INDEX message_mailbox_recent ON message (mailbox_id, at DESC, id DESC);
CREATE INDEX message_domain_recent ON message (domain, at DESC, id DESC);
CREATE INDEX message_header_id ON message (header_message_id);
CREATE INDEX message_labels ON message USING GIN (labels);

-- Delivery of an outbound message, per recipient, as egress-sender's events tell it (mailroom.events); rows may
-- arrive before the message (two topics): no foreign key.
CREATE TABLE delivery (
    message_id      TEXT        NOT NULL,
    recipient       TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    attempts        INTEGER     NOT NULL DEFAULT 0,
    last_reply      TEXT,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (message_id, recipient)
);
CREATE TABLE delivery_attempt (
    message_id      TEXT        NOT NULL,
    recipient       TEXT        NOT NULL,
    attempt         INTEGER     NOT NULL,
    outcome         TEXT        NOT NULL,
    reply           TEXT,
    host            TEXT,
    at              TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (message_id, recipient, attempt)
);

-- The raw inbound message, by the raw record's id; its bytes in the blob store.
CREATE TABLE raw_message (
    inbound_id      TEXT PRIMARY KEY,
    sha256          TEXT        NOT NULL,
    size            BIGINT      NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL
);

-- Attachments of a message; bytes in the blob store by SHA-256 (shared by every message carrying them).
CREATE TABLE attachment (
    id              TEXT PRIMARY KEY,                 -- Ids.derived("attachment", message id, ordinal)
    message_id      TEXT        NOT NULL REFERENCES message (id) ON DELETE CASCADE,
    ordinal         INTEGER     NOT NULL,
    filename        TEXT,
    content_type    TEXT        NOT NULL,
    size            BIGINT      NOT NULL,
    sha256          TEXT,                             -- null when the router did not carry the content
    content_id      TEXT,
    inline          BOOLEAN     NOT NULL DEFAULT FALSE,
    UNIQUE (message_id, ordinal)
);
CREATE INDEX attachment_sha256 ON attachment (sha256);

-- The customer-facing event log: what webhooks deliver and the stream replays (seq orders it; Last-Event-ID).
CREATE TABLE event_log (
    seq             BIGSERIAL PRIMARY KEY,
    id              TEXT        NOT NULL UNIQUE,      -- deterministic: a redelivered cause logs nothing twice
    type            TEXT        NOT NULL,             -- message.received, message.delivered, draft.created, ...
    domain          TEXT,
    mailbox_id      TEXT,
    message_id      TEXT,
    at              TIMESTAMPTZ NOT NULL,
    data            JSONB       NOT NULL
);
CREATE INDEX event_log_type_seq ON event_log (type, seq);
