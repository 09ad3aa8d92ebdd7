-- Customer event webhooks (ADR 0038): subscriptions, one delivery per (webhook, event), and the producers' parking
-- lot for events whose tenant is not known yet. The event log (V1) is the source of both webhooks and the stream.

-- When a row entered the log (not when the event happened): the stream steps over a gap in seq only once the row
-- after it is older than a grace period (a transaction holding the missing seq has committed or rolled back by then).
ALTER TABLE event_log ADD COLUMN logged_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp();
CREATE INDEX event_log_domain_seq ON event_log (domain, seq);

CREATE TABLE webhook (
    id              TEXT PRIMARY KEY,                 -- wh_<Ids.newId()>
    key_id          TEXT        NOT NULL,             -- the API key that created it (for logs)
    scope           TEXT[]      NOT NULL,             -- the creating key's domains ({*} for every domain): events of other domains never reach it
    url             TEXT        NOT NULL,
    event_types     TEXT[]      NOT NULL,
    mailbox_id      TEXT,                             -- optional filter
    domain          TEXT,                             -- optional filter (one of the scope)
    description     TEXT,
    enabled         BOOLEAN     NOT NULL DEFAULT TRUE,
    disabled_reason TEXT,                             -- why it was disabled automatically (null when by the customer)
    disabled_at     TIMESTAMPTZ,
    secret          TEXT        NOT NULL,             -- whsec_<base64>; signs every delivery
    previous_secret TEXT,                             -- after a rotation: signs too until previous_secret_until
    previous_secret_until TIMESTAMPTZ,
    failed_events   INTEGER     NOT NULL DEFAULT 0,   -- consecutive events whose every attempt failed
    failing_since   TIMESTAMPTZ,                      -- first failed attempt since the last success
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_enabled ON webhook (enabled);

-- One event for one webhook: pending until a 2xx answer (delivered) or the last retry (failed); replay sets it
-- pending again. next_attempt_at doubles as the claim's lease (a dispatcher pushes it forward while it calls).
CREATE TABLE webhook_delivery (
    id              TEXT PRIMARY KEY,                 -- whd_<random>
    webhook_id      TEXT        NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    event_seq       BIGINT      NOT NULL,
    event_id        TEXT        NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_attempt_at TIMESTAMPTZ,
    last_status     INTEGER,                          -- last HTTP status answered, null when none (timeout, refused)
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_log ON webhook_delivery (webhook_id, event_seq DESC);

-- Whether a webhook wants an event: its types, its scope, its filters. One definition, used by the fan-out
-- trigger and by range replay.
CREATE FUNCTION webhook_wants(w webhook, e event_log) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT e.domain IS NOT NULL
       AND e.type = ANY (w.event_types)
       AND ('*' = ANY (w.scope) OR e.domain = ANY (w.scope))
       AND (w.domain IS NULL OR w.domain = e.domain)
       AND (w.mailbox_id IS NULL OR w.mailbox_id = e.mailbox_id)
$$;

-- Fan-out in the transaction that logs the event, whoever logs it (this service's producers, mbx-core's
-- message.received): one delivery per enabled webhook that wants it. (No NOTIFY: the stream polls by seq, and a
-- notification would serialise every committing writer on the notification queue's lock.)
CREATE FUNCTION event_log_fan_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO webhook_delivery (id, webhook_id, event_seq, event_id, status, next_attempt_at, created_at)
    SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), w.id, NEW.seq, NEW.id, 'pending', now(), now()
      FROM webhook w
     WHERE w.enabled AND webhook_wants(w, NEW)
    ON CONFLICT (webhook_id, event_id) DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER event_log_fan_out AFTER INSERT ON event_log FOR EACH ROW EXECUTE FUNCTION event_log_fan_out();

-- Customer events whose tenant (the sender's domain) is not known yet: the outbound message has not reached this
-- service yet (two topics). Retried by the producer's scheduler until resolved or too old (then counted and logged).
CREATE TABLE event_log_pending (
    id              TEXT PRIMARY KEY,                 -- the source event's id
    event           JSONB       NOT NULL,             -- the source MailroomEvent
    attempts        INTEGER     NOT NULL DEFAULT 0,
    first_seen_at   TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX event_log_pending_due ON event_log_pending (next_attempt_at);
