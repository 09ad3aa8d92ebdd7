-- Inbound DSNs (RFC 3464) that carry no Original-Envelope-Id are matched to a send by the returned Message-ID.
CREATE INDEX outbound_message_message_id ON outbound_message (message_id);
