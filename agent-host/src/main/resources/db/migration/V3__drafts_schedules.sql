-- Messages held for a person: nothing reaches the outbox until approved.
CREATE TABLE draft (
    id            TEXT PRIMARY KEY,          -- also the send id once approved
    agent_key     TEXT        NOT NULL,
    class_name    TEXT        NOT NULL,
    thread_id     TEXT,
    request       TEXT        NOT NULL,      -- OutboundRequest JSON as it would be sent
    reason        TEXT        NOT NULL,      -- 'agent-draft' or the send policy's refusal
    status        TEXT        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
    causation_id  TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    decided_at    TIMESTAMPTZ,
    decided_by    TEXT                       -- API key id
);
CREATE INDEX draft_pending ON draft (created_at) WHERE status = 'PENDING';

-- Wake-ups of Agent.onSchedule. Fired (status FIRED) in the transaction of the call's effects.
CREATE TABLE agent_schedule (
    id            TEXT PRIMARY KEY,
    agent_key     TEXT        NOT NULL,
    class_name    TEXT        NOT NULL,
    instance      TEXT        NOT NULL,
    thread_id     TEXT,
    payload       TEXT        NOT NULL,      -- JSON
    due_at        TIMESTAMPTZ NOT NULL,
    status        TEXT        NOT NULL CHECK (status IN ('PENDING', 'FIRED', 'FAILED')),
    attempts      INT         NOT NULL DEFAULT 0,
    last_error    TEXT,
    causation_id  TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    fired_at      TIMESTAMPTZ
);
CREATE INDEX agent_schedule_due ON agent_schedule (due_at) WHERE status = 'PENDING';

-- Outbox records for other topics (events) are keyed by what they are about, not by their own id.
ALTER TABLE outbox_message ADD COLUMN record_key TEXT;
