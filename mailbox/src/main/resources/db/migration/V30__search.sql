-- Full-text search of messages (ADR 0037): one tsvector per message over subject (weight A), from/to/cc names and
-- addresses (B), the text body or the HTML's text (C), attachment file names and extracted attachment text (D);
-- kept current by triggers in the transaction of the change; what is indexed is bounded (tsvector's 1 MiB limit is
-- never an error that loses a message).

-- Mail is multilingual: no language's stemmer or stop words; case and accents folded (resume finds résumé).
-- Both extensions are "trusted": the database owner creates them, no superuser needed.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TEXT SEARCH CONFIGURATION mail_text (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION mail_text
    ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part,
        hword_numpart
    WITH unaccent, simple;

-- The plain text of a body, at most max_chars characters: the text part, else the HTML's text (scripts, styles and
-- tags removed, the common entities decoded). Also what highlights are cut from.
CREATE FUNCTION mail_body_text(text_body TEXT, html_body TEXT, max_chars INTEGER) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN coalesce(text_body, '') <> '' THEN left(text_body, max_chars)
        WHEN html_body IS NULL THEN ''
        ELSE left(replace(replace(replace(replace(replace(replace(
                regexp_replace(regexp_replace(regexp_replace(left(html_body, max_chars * 4),
                    '<(script|style).*?</(script|style)\s*>', ' ', 'gi'), '<[^>]*>', ' ', 'g'), '\s+', ' ', 'g'),
                '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&'),
            max_chars)
    END
$$;

-- Names and addresses of a JSONB address list ([{"address":..,"name":..}]) as words: "Ann Lee ann@example.org ann
-- example.org" (the address whole, and its local part and domain apart). At most 200 entries.
CREATE FUNCTION mail_party_words(parties JSONB) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(concat_ws(' ', e ->> 'name', e ->> 'address', replace(e ->> 'address', '@', ' ')),
        ' '), '')
    FROM (SELECT e FROM jsonb_array_elements(CASE WHEN jsonb_typeof(parties) = 'array' THEN parties
        ELSE '[]'::jsonb END) e LIMIT 200) entries
$$;

-- An address list as "Ann Lee <ann@example.org>, <bob@example.org>": what to: and cc: match a substring of.
CREATE FUNCTION mail_parties(parties JSONB) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(concat_ws(' ', e ->> 'name', '<' || (e ->> 'address') || '>'), ', '), '')
    FROM (SELECT e FROM jsonb_array_elements(CASE WHEN jsonb_typeof(parties) = 'array' THEN parties
        ELSE '[]'::jsonb END) e LIMIT 200) entries
$$;

-- The sender as "Ann Lee <ann@example.org>": what from: matches a substring of (trigram index below).
CREATE FUNCTION mail_sender(from_name TEXT, from_address TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT concat_ws(' ', from_name, '<' || from_address || '>')
$$;

ALTER TABLE message ADD COLUMN search TSVECTOR NOT NULL DEFAULT ''::tsvector;

-- The document of one message. Bounds (characters): subject 2,000; parties 200 entries per list; body 100,000;
-- attachments: 100 per message, 50,000 of text each, 100,000 in all. Worst case well under 1 MiB; should a document
-- still exceed it (many distinct long words), it is indexed again with an eighth of body and attachments, then
-- without them: the message is stored and found by subject and parties whatever its size.
CREATE FUNCTION message_search_document(m message) RETURNS TSVECTOR
    LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
DECLARE
    head TSVECTOR;
    files TEXT;
    texts TEXT;
    body TEXT;
BEGIN
    head := setweight(to_tsvector('mail_text', left(coalesce(m.subject, ''), 2000)), 'A')
        || setweight(to_tsvector('mail_text', concat_ws(' ', m.from_name, m.from_address,
            replace(m.from_address, '@', ' '), mail_party_words(m.to_addresses), mail_party_words(m.cc_addresses))),
            'B');
    SELECT string_agg(concat_ws(' ', a.filename, regexp_replace(a.filename, '[._-]+', ' ', 'g')), ' '
               ORDER BY a.ordinal),
           left(string_agg(left(t.text, 50000), ' ' ORDER BY a.ordinal), 100000)
      INTO files, texts
      FROM (SELECT * FROM attachment WHERE message_id = m.id ORDER BY ordinal LIMIT 100) a
      LEFT JOIN attachment_text t ON t.sha256 = a.sha256 AND t.status = 'done';
    body := mail_body_text(m.text_body, m.html_body, 100000);
    BEGIN
        RETURN head || setweight(to_tsvector('mail_text', body), 'C')
            || setweight(to_tsvector('mail_text', concat_ws(' ', left(files, 10000), texts)), 'D');
    EXCEPTION WHEN program_limit_exceeded THEN
        BEGIN
            RETURN head || setweight(to_tsvector('mail_text', left(body, 12500)), 'C')
                || setweight(to_tsvector('mail_text', concat_ws(' ', left(files, 1250), left(texts, 12500))), 'D');
        EXCEPTION WHEN program_limit_exceeded THEN
            RETURN head;
        END;
    END;
END
$$;

-- message: the document on insert and whenever a column it is made of changes.
CREATE FUNCTION message_search_refresh() RETURNS TRIGGER
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    NEW.search := message_search_document(NEW);
    RETURN NEW;
END
$$;
CREATE TRIGGER message_search BEFORE INSERT OR UPDATE OF subject, from_name, from_address, to_addresses,
    cc_addresses, text_body, html_body ON message
    FOR EACH ROW EXECUTE FUNCTION message_search_refresh();

-- attachment: the documents of the messages whose attachments were added, changed or removed (once per statement).
CREATE FUNCTION message_search_refresh_attachments() RETURNS TRIGGER
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE message m SET search = message_search_document(m)
         WHERE m.id IN (SELECT DISTINCT message_id FROM changed_old);
    ELSE
        UPDATE message m SET search = message_search_document(m)
         WHERE m.id IN (SELECT DISTINCT message_id FROM changed_new);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER attachment_search_insert AFTER INSERT ON attachment REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION message_search_refresh_attachments();
CREATE TRIGGER attachment_search_update AFTER UPDATE ON attachment REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION message_search_refresh_attachments();
CREATE TRIGGER attachment_search_delete AFTER DELETE ON attachment REFERENCING OLD TABLE AS changed_old
    FOR EACH STATEMENT EXECUTE FUNCTION message_search_refresh_attachments();

-- attachment_text: once a text is done (or no longer done), the documents of every message carrying that content.
CREATE FUNCTION message_search_refresh_attachment_text() RETURNS TRIGGER
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    content TEXT := CASE WHEN TG_OP = 'DELETE' THEN OLD.sha256 ELSE NEW.sha256 END;
BEGIN
    IF (TG_OP <> 'DELETE' AND NEW.status = 'done')
            OR (TG_OP <> 'INSERT' AND OLD.status = 'done') THEN
        UPDATE message m SET search = message_search_document(m)
         WHERE m.id IN (SELECT a.message_id FROM attachment a WHERE a.sha256 = content);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER attachment_text_search AFTER INSERT OR UPDATE OF status, text OR DELETE ON attachment_text
    FOR EACH ROW EXECUTE FUNCTION message_search_refresh_attachment_text();

-- Documents of messages stored before this migration.
UPDATE message m SET search = message_search_document(m);

CREATE INDEX message_search ON message USING GIN (search);
-- from: is a substring of "Name <address>": trigrams find it without reading every message (3+ characters).
CREATE INDEX message_sender_trgm ON message USING GIN (mail_sender(from_name, from_address) gin_trgm_ops);
