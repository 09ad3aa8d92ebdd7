-- The domain store (ADR 0009, moved from egress-sender to the api by ADR 0033): sending domains, their DKIM keys and
-- the last verification of their DNS records. The api owns it and publishes each domain, with its signing keys
-- (sealed), to the compacted topic mailroom.domains; egress-sender signs from that topic.
-- (the first migration of schema api: V4 and V5 came after it, keys and Idempotency-Keys.)

CREATE TABLE domain (
    name                   TEXT PRIMARY KEY,          -- lower-case A-label, no trailing dot
    require_verified_dkim  BOOLEAN,                   -- null: mailroom.deliverability.require-verified-dkim
    dkim_verified          BOOLEAN     NOT NULL DEFAULT FALSE, -- every signing key's record was found in DNS
    verified_at            TIMESTAMPTZ,               -- last verification
    verification           TEXT,                      -- JSON: per record found / missing / different / error
    -- RFC 2136 publication to the owner's authoritative server (all null: records are published by hand)
    dns_update_server      TEXT,                      -- host:port
    dns_update_zone        TEXT,                      -- zone apex the UPDATE names (the domain or a parent)
    dns_update_key_name    TEXT,                      -- TSIG key name
    dns_update_key_algorithm TEXT,                    -- hmac-sha256, ...
    dns_update_key_secret  TEXT,                      -- TSIG secret sealed like the DKIM keys
    published_at           TIMESTAMPTZ,               -- last publication attempt
    publication            TEXT,                      -- JSON: its outcome and changes
    created_at             TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL
);

-- DKIM keys: active (current), retiring (replaced; still published, signs only until its successor is seen in DNS),
-- retired (unpublished, never signs; the private key is erased). Private keys are PKCS#8 sealed with AES-256-GCM
-- under mailroom.deliverability.master-key, bound to domain and selector.
CREATE TABLE dkim_key (
    id                     BIGSERIAL PRIMARY KEY,
    domain                 TEXT        NOT NULL REFERENCES domain (name) ON DELETE CASCADE,
    selector               TEXT        NOT NULL,
    algorithm              TEXT        NOT NULL,      -- rsa-sha256 or ed25519-sha256
    private_key            TEXT        NOT NULL,      -- v1:<base64 nonce||ciphertext||tag>; '' once retired
    public_record          TEXT        NOT NULL,      -- the TXT value: v=DKIM1; k=...; p=...
    status                 TEXT        NOT NULL,      -- active, retiring, retired
    published_at           TIMESTAMPTZ,               -- first seen in DNS with this value (null: not, or no longer)
    created_at             TIMESTAMPTZ NOT NULL,
    retiring_at            TIMESTAMPTZ,
    retired_at             TIMESTAMPTZ,
    UNIQUE (domain, selector)
);
CREATE INDEX dkim_key_retiring ON dkim_key (retiring_at) WHERE status = 'retiring';

-- An existing deployment keeps its domains and keys: egress-sender's store (schema egress, V2 there) is copied
-- once, when it exists in this database. The sealed values move unchanged (same master key, same domain/selector
-- binding). egress-sender no longer reads those tables; they are left in place (dropping them is a later change).
DO $$
BEGIN
    IF to_regclass('egress.domain') IS NOT NULL AND to_regclass('egress.dkim_key') IS NOT NULL THEN
        INSERT INTO domain (name, require_verified_dkim, dkim_verified, verified_at, verification, dns_update_server,
                            dns_update_zone, dns_update_key_name, dns_update_key_algorithm, dns_update_key_secret,
                            published_at, publication, created_at, updated_at)
        SELECT name, require_verified_dkim, dkim_verified, verified_at, verification, dns_update_server,
               dns_update_zone, dns_update_key_name, dns_update_key_algorithm, dns_update_key_secret,
               published_at, publication, created_at, updated_at
        FROM egress.domain
        ON CONFLICT (name) DO NOTHING;
        INSERT INTO dkim_key (id, domain, selector, algorithm, private_key, public_record, status, published_at,
                              created_at, retiring_at, retired_at)
        SELECT id, domain, selector, algorithm, private_key, public_record, status, published_at, created_at,
               retiring_at, retired_at
        FROM egress.dkim_key
        ON CONFLICT DO NOTHING;
        PERFORM setval(pg_get_serial_sequence('dkim_key', 'id'), GREATEST((SELECT MAX(id) FROM dkim_key), 1));
    END IF;
END
$$;
