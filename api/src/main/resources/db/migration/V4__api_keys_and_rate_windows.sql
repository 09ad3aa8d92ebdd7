-- The api's own schema (ADR 0031): API keys, stored hashed, and the rate-limit windows every api replica shares.

CREATE TABLE api_key (
    id              TEXT        PRIMARY KEY,
    name            TEXT        NOT NULL,
    -- SHA-256 of the whole token mr_<id>_<secret>, lower-case hex; the token itself is never stored
    secret_sha256   TEXT        NOT NULL,
    -- permission wire names: send, read, drafts, domains, keys, admin
    permissions     TEXT[]      NOT NULL,
    -- lower-case domains, or {*} for every domain
    domains         TEXT[]      NOT NULL,
    rate_per_minute INTEGER,
    created_at      TIMESTAMPTZ NOT NULL,
    revoked_at      TIMESTAMPTZ
);

CREATE INDEX api_key_active_by_creation ON api_key (created_at, id) WHERE revoked_at IS NULL;

-- One row per key and fixed one-minute window: every request of every replica adds one in a single
-- INSERT ... ON CONFLICT DO UPDATE ... RETURNING (repository/RateWindowSql).
CREATE TABLE rate_window (
    key_id       TEXT        NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    count        INTEGER     NOT NULL,
    PRIMARY KEY (key_id, window_start)
);

-- Existing deployments keep their keys: egress-sender held them before (schema egress, same database). Admin keys
-- stay admin; the others had send and read, and keep exactly that.
DO $$
BEGIN
    IF to_regclass('egress.api_key') IS NOT NULL THEN
        INSERT INTO api_key (id, name, secret_sha256, permissions, domains, rate_per_minute, created_at, revoked_at)
        SELECT k.id, k.name, lower(k.secret_sha256),
               CASE WHEN k.admin THEN ARRAY['admin'] ELSE ARRAY['send', 'read'] END,
               COALESCE(ARRAY(SELECT lower(trim(d)) FROM unnest(string_to_array(k.domains, ',')) AS d
                              WHERE trim(d) <> ''), ARRAY[]::TEXT[]),
               k.rate_per_minute, k.created_at, k.revoked_at
        FROM egress.api_key k
        ON CONFLICT (id) DO NOTHING;
    END IF;
END
$$;
