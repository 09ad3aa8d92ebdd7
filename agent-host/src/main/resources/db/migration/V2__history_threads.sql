-- The address an instance was last written to: the From of its new messages (sends from schedules).
ALTER TABLE agent_instance ADD COLUMN address TEXT;

-- Threads of an instance. id: derived from the instance and the thread's root Message-ID (see ThreadResolver).
CREATE TABLE agent_thread (
    id          TEXT PRIMARY KEY,
    agent_key   TEXT        NOT NULL,
    subject     TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX agent_thread_by_agent ON agent_thread (agent_key, updated_at DESC);

-- Every message an instance received or sent, written in the transaction of its effects.
CREATE TABLE agent_message (
    id           TEXT PRIMARY KEY,            -- routed id (in) or send id (out)
    seq          BIGSERIAL   NOT NULL,        -- commit order within the database: history order
    agent_key    TEXT        NOT NULL,
    thread_id    TEXT        NOT NULL REFERENCES agent_thread (id),
    direction    TEXT        NOT NULL CHECK (direction IN ('IN', 'OUT')),
    message_id   TEXT,                        -- RFC 5322 Message-ID (inbound; egress names outbound mail)
    sender       TEXT,                        -- JSON EmailAddress
    recipients   TEXT        NOT NULL,        -- JSON [EmailAddress]
    reply_to     TEXT        NOT NULL,        -- JSON [EmailAddress]
    subject      TEXT        NOT NULL,
    text_body    TEXT,
    html_body    TEXT,
    in_reply_to  TEXT,
    refs         TEXT        NOT NULL,        -- JSON [message id]
    at           TIMESTAMPTZ NOT NULL         -- received (in) or requested (out): the reply token's issue time
);
CREATE INDEX agent_message_by_thread ON agent_message (thread_id, seq);
CREATE INDEX agent_message_by_agent ON agent_message (agent_key, seq DESC);
CREATE INDEX agent_message_by_message_id ON agent_message (agent_key, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX agent_message_out_at ON agent_message (agent_key, at) WHERE direction = 'OUT';

-- Addresses an instance has exchanged mail with (inbound From, sent recipients): the "new correspondent" check.
CREATE TABLE correspondent (
    agent_key   TEXT        NOT NULL,
    address     TEXT        NOT NULL,        -- lower case
    first_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agent_key, address)
);
