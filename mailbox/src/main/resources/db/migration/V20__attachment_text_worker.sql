-- The attachment text worker (package extract): when a pending row may be claimed next. Set to the end of the
-- claim's lease when claimed (a crashed worker's row comes back after it) and to the retry time after a failed
-- attempt; null: at once.
ALTER TABLE attachment_text ADD COLUMN next_attempt_at TIMESTAMPTZ;
