-- Blob reference counts kept by the database itself: every row that references a blob (an attachment with content,
-- a raw inbound message, a message's raw bytes) counts once, in the transaction that adds or removes it, whoever
-- writes it (ingest, API deletes, cascades of a mailbox or thread delete, retention). The blob row exists before
-- its first reference (Blobs.store); a reference to a SHA-256 without a blob row counts nothing.

CREATE FUNCTION blob_ref(digest TEXT, delta INTEGER) RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    IF digest IS NULL OR delta = 0 THEN
        RETURN;
    END IF;
    UPDATE blob
       SET refcount = refcount + delta,
           unreferenced_at = CASE WHEN refcount + delta = 0 THEN now() ELSE NULL END
     WHERE sha256 = digest;
END
$$;

-- An attachment with a SHA-256 and a raw message count once each (both name their blob in column sha256).
CREATE FUNCTION sha256_blob_ref() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM blob_ref(NEW.sha256, 1);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM blob_ref(OLD.sha256, -1);
    ELSIF NEW.sha256 IS DISTINCT FROM OLD.sha256 THEN
        PERFORM blob_ref(OLD.sha256, -1);
        PERFORM blob_ref(NEW.sha256, 1);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER attachment_blob_ref AFTER INSERT OR DELETE OR UPDATE OF sha256 ON attachment
    FOR EACH ROW EXECUTE FUNCTION sha256_blob_ref();
CREATE TRIGGER raw_message_blob_ref AFTER INSERT OR DELETE OR UPDATE OF sha256 ON raw_message
    FOR EACH ROW EXECUTE FUNCTION sha256_blob_ref();

-- A message's raw_sha256 counts too; deleting the last message of an inbound id deletes its raw_message (whose
-- trigger then releases the raw blob).
CREATE FUNCTION message_blob_ref() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM blob_ref(NEW.raw_sha256, 1);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM blob_ref(OLD.raw_sha256, -1);
        IF OLD.inbound_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM message WHERE inbound_id = OLD.inbound_id) THEN
            DELETE FROM raw_message WHERE inbound_id = OLD.inbound_id;
        END IF;
    ELSIF NEW.raw_sha256 IS DISTINCT FROM OLD.raw_sha256 THEN
        PERFORM blob_ref(OLD.raw_sha256, -1);
        PERFORM blob_ref(NEW.raw_sha256, 1);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER message_blob_ref AFTER INSERT OR DELETE OR UPDATE OF raw_sha256 ON message
    FOR EACH ROW EXECUTE FUNCTION message_blob_ref();

CREATE INDEX message_inbound_id ON message (inbound_id) WHERE inbound_id IS NOT NULL;
CREATE INDEX message_mailbox_header_id ON message (mailbox_id, header_message_id);

-- The outbound.* events already applied to delivery/delivery_attempt (by event id): a redelivered event changes
-- nothing. recipient is null for events about the whole message (outbound.queued, a refused request's
-- outbound.failed), which the message status needs too.
CREATE TABLE delivery_event (
    id              TEXT PRIMARY KEY,
    message_id      TEXT        NOT NULL,
    type            TEXT        NOT NULL,
    recipient       TEXT,
    at              TIMESTAMPTZ NOT NULL
);
CREATE INDEX delivery_event_message ON delivery_event (message_id);
