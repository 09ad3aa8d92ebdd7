-- Blobs (raw messages, attachments) by SHA-256: referenced by raw_message, attachment and outbound raw messages.
-- refcount changes in the transaction of the referencing rows; bytes with refcount 0 are removed by the sweep
-- (after a grace period, so that a blob being stored for a new message is never swept under it).
CREATE TABLE blob (
    sha256          TEXT PRIMARY KEY,
    size            BIGINT      NOT NULL,
    refcount        INTEGER     NOT NULL DEFAULT 0 CHECK (refcount >= 0),
    store           TEXT        NOT NULL,            -- the BlobStore holding the bytes: postgresql, s3
    created_at      TIMESTAMPTZ NOT NULL,
    unreferenced_at TIMESTAMPTZ                       -- when refcount last reached 0; null while referenced
);
CREATE INDEX blob_unreferenced ON blob (unreferenced_at) WHERE refcount = 0;

-- The bytes, when the PostgreSQL store holds them (the embedded default).
CREATE TABLE blob_content (
    sha256          TEXT PRIMARY KEY,
    bytes           BYTEA       NOT NULL
);

-- Text extracted from an attachment, once per content (by SHA-256), off the hot path; untrusted content.
CREATE TABLE attachment_text (
    sha256          TEXT PRIMARY KEY,
    status          TEXT        NOT NULL CHECK (status IN ('pending', 'done', 'unsupported', 'failed', 'skipped')),
    content_type    TEXT,
    text            TEXT,                             -- bounded (mailroom.mailbox.extract.max-chars); null unless done
    truncated       BOOLEAN     NOT NULL DEFAULT FALSE,
    detail          TEXT,                             -- why failed/unsupported/skipped
    attempts        INTEGER     NOT NULL DEFAULT 0,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX attachment_text_pending ON attachment_text (updated_at) WHERE status = 'pending';
