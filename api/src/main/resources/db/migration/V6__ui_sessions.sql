-- Sessions of the inbox web app (ADR 0039). The cookie holds a random 256-bit session id; this table holds only its
-- SHA-256, so a copy of the table names no session. The API key the session acts as is sealed (AES-256-GCM) under a
-- key derived from that session id (and, when configured, sealed again under the master key): the table alone opens
-- nothing. The CSRF token is derived from the session id by HMAC and not stored.
create table ui_session (
    id_sha256        text        primary key,
    key_id           text        not null,
    sealed_key       text        not null,
    created_at       timestamptz not null,
    last_seen_at     timestamptz not null,
    idle_expires_at  timestamptz not null,
    expires_at       timestamptz not null
);

create index ui_session_key_id on ui_session (key_id);
create index ui_session_idle_expires_at on ui_session (idle_expires_at);
