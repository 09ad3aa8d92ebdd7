-- Retention (ADR 0034) deletes old messages rule by rule: the default rule walks messages by age and a class rule
-- finds the class's mailboxes. (Raw messages go by V3's trigger, which message_inbound_id of V3 serves.)
CREATE INDEX message_at ON message (at, id);
CREATE INDEX mailbox_agent_class ON mailbox (agent_class) WHERE agent_class IS NOT NULL;
