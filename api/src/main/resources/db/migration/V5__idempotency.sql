-- Idempotency-Keys of the api's creating POSTs (ADR 0032). One row per (key, Idempotency-Key): the claim of the
-- first request (answer null while it runs), then its answer, replayed for 24 h (mailroom.send.idempotency-window).
create table idempotency_key (
    api_key_id  text        not null,
    idem_key    text        not null,
    body_hash   text        not null,
    answer      text,
    created_at  timestamptz not null,
    claimed_at  timestamptz not null,
    primary key (api_key_id, idem_key)
);

create index idempotency_key_created_at on idempotency_key (created_at);
