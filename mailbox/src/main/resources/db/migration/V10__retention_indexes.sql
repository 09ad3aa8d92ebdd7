-- Retention (ADR 0034) deletes old messages rule by rule: the default rule walks messages by age, a class rule finds
-- the class's mailboxes, and raw messages go once no message refers to their inbound id any more.
CREATE INDEX message_at ON message (at, id);
CREATE INDEX mailbox_agent_class ON mailbox (agent_class) WHERE agent_class IS NOT NULL;
CREATE INDEX IF NOT EXISTS message_inbound_id ON message (inbound_id) WHERE inbound_id IS NOT NULL; -- V3 has it too (merge of mbx-core and mbx-blobs)
