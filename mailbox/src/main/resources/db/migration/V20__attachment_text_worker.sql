-- The attachment text worker (package extract): when a pending row may be claimed next. Set to the end of the
-- claim's lease when claimed (a crashed worker's row comes back after it) and to the retry time after a failed
-- attempt; null: at once.
ALTER TABLE attachment_text ADD COLUMN next_attempt_at TIMESTAMPTZ;

-- A content skipped because only messages of classes with extraction disabled referenced it is read after all once
-- another message references it (the worker skips it again if that one is of a disabled class too).
CREATE FUNCTION attachment_text_unskip() RETURNS trigger AS $$
BEGIN
    IF NEW.sha256 IS NOT NULL THEN
        UPDATE attachment_text
        SET status = 'pending', attempts = 0, detail = NULL, next_attempt_at = NULL, updated_at = now()
        WHERE sha256 = NEW.sha256 AND status = 'skipped';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER attachment_unskips_text AFTER INSERT ON attachment
    FOR EACH ROW EXECUTE FUNCTION attachment_text_unskip();
