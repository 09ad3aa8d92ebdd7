-- What the inbox app's thread list shows (issue 18, ADR 0040), kept on the thread row so the listing reads one row
-- per thread: who wrote (newest first), starred, attachments, pending agent drafts, a delivery problem. All of it is
-- recomputed by thread_recount (below) in the transaction that changed a thread's messages (ingest, flags, moves,
-- deletes, retention, a delivery status, a draft event).

ALTER TABLE thread
    ADD COLUMN participants     JSONB   NOT NULL DEFAULT '[]', -- [{"name":..,"address":..}], distinct senders, newest first, at most 5
    ADD COLUMN starred          BOOLEAN NOT NULL DEFAULT FALSE, -- a message of the thread is starred
    ADD COLUMN has_attachments  BOOLEAN NOT NULL DEFAULT FALSE, -- a message has an attachment that is not inline
    ADD COLUMN drafts_pending   INTEGER NOT NULL DEFAULT 0,     -- agent drafts of the thread waiting for a person
    ADD COLUMN delivery_problem TEXT CHECK (delivery_problem IN ('deferred', 'bounced', 'failed'));

-- Agent drafts (agent-host's agent.send-held / draft-approved / draft-rejected on mailroom.events), one row per draft
-- id, so a redelivered event counts once. thread_id is null while the message the draft answers is not here yet
-- (the draft can be held before the mailbox ingests the inbound message): ingest attaches it by refs.
CREATE TABLE thread_draft (
    draft_id    TEXT PRIMARY KEY,
    mailbox_id  TEXT        NOT NULL,                 -- the sender's mailbox (Ids.derived("mailbox", from))
    thread_id   TEXT REFERENCES thread (id) ON DELETE SET NULL,
    refs        TEXT[]      NOT NULL DEFAULT '{}',    -- In-Reply-To, then References newest first (no brackets)
    status      TEXT        NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX thread_draft_pending ON thread_draft (thread_id) WHERE status = 'pending';
CREATE INDEX thread_draft_unthreaded ON thread_draft (mailbox_id) WHERE thread_id IS NULL;

-- folder=drafts: the threads with pending drafts, newest first (few rows: a partial index).
CREATE INDEX thread_drafts_recent ON thread (domain, last_message_at DESC, id DESC) WHERE drafts_pending > 0;

-- Every counter and list field of the threads ids (answers how many threads it updated) from their messages (and drafts). delivery_problem: the worst
-- state among the thread's sent messages (failed or suppressed > bounced or partially delivered > deferred).
CREATE FUNCTION thread_recount(ids TEXT[]) RETURNS INTEGER
    LANGUAGE sql SET search_path FROM CURRENT AS $$
    WITH changed AS (UPDATE thread t SET message_count = s.n, unread_count = s.u, last_message_at = s.last_at, needs_reply = s.needs,
        starred = s.starred, delivery_problem = s.problem,
        has_attachments = EXISTS (SELECT 1 FROM message am JOIN attachment a ON a.message_id = am.id
            WHERE am.thread_id = t.id AND NOT a.inline),
        participants = (SELECT coalesce(jsonb_agg(jsonb_build_object('name', p.name, 'address', p.address)
                ORDER BY p.last_at DESC, p.address), '[]'::jsonb)
            FROM (SELECT (array_agg(pm.from_address ORDER BY pm.at DESC, pm.id DESC))[1] AS address,
                         (array_agg(pm.from_name ORDER BY pm.at DESC, pm.id DESC)
                             FILTER (WHERE coalesce(pm.from_name, '') <> ''))[1] AS name,
                         max(pm.at) AS last_at
                    FROM message pm WHERE pm.thread_id = t.id AND pm.from_address IS NOT NULL
                   GROUP BY lower(pm.from_address) ORDER BY last_at DESC LIMIT 5) p),
        drafts_pending = (SELECT count(*)::int FROM thread_draft d WHERE d.thread_id = t.id AND d.status = 'pending')
    FROM (SELECT thread_id, count(*)::int AS n, (count(*) FILTER (WHERE unread))::int AS u, max(at) AS last_at,
                 (array_agg(direction = 'inbound' AND auto_reply IS NULL ORDER BY at DESC, id DESC))[1] AS needs,
                 bool_or(starred) AS starred,
                 CASE WHEN bool_or(status IN ('failed', 'suppressed')) THEN 'failed'
                      WHEN bool_or(status IN ('bounced', 'partially-delivered')) THEN 'bounced'
                      WHEN bool_or(status = 'deferred') THEN 'deferred' END AS problem
            FROM message WHERE thread_id = ANY(ids) GROUP BY thread_id) s
    WHERE t.id = s.thread_id RETURNING 1)
    SELECT count(*)::int FROM changed
$$;

-- Threads stored before this migration.
SELECT thread_recount(ARRAY(SELECT id FROM thread));
