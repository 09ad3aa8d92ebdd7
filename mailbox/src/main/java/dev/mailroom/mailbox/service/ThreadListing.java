package dev.mailroom.mailbox.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.mailbox.repository.ThreadListSql;
import dev.mailroom.mailbox.repository.ThreadListSql.ThreadSummary;
import dev.mailroom.mailbox.search.QueryParser;
import dev.mailroom.mailbox.search.QuerySyntaxException;
import dev.mailroom.mailbox.search.SearchQuery;
import dev.mailroom.mailbox.search.SearchQuery.Condition;
import dev.mailroom.mailbox.search.SearchQuery.Group;
import dev.mailroom.mailbox.search.ThreadQueries.Scope;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.page.Keyset;
import dev.mailroom.platform.page.Page;
import dev.mailroom.platform.page.PageToken;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.smallrye.mutiny.Uni;

/**
 * {@code GET /v1/threads}: the threads of the caller's domains, optionally of one mailbox, with a label, in a folder
 * ({@code drafts}: threads with pending agent drafts) and meeting a search query ({@link QueryParser}); newest first, or best first when the query searches text.
 * Everything the client wrote is checked before the database is asked (422 naming the parameter); a mailbox the
 * caller's key does not cover answers 404 like one that does not exist.
 */
@ApplicationScoped
public class ThreadListing {

    private static final String RANKED = "r";
    /** The folder of threads with pending agent drafts (a thread condition, not a message folder). */
    public static final String DRAFTS = "drafts";

    private final ThreadListSql sql;

    ThreadListing(ThreadListSql sql) {
        this.sql = sql;
    }

    /** One page of the listing; {@code limit} already checked. */
    public Uni<Page<ThreadSummary>> list(Caller caller, String mailbox, String label, String folder, String q,
            int limit, String pageToken) {
        SearchQuery parsed;
        try {
            parsed = QueryParser.parse(q, Instant.now());
        } catch (QuerySyntaxException e) {
            throw invalid("q", e.reason() + ": " + e.token());
        }
        boolean drafts = folder != null && DRAFTS.equals(folder.trim().toLowerCase(Locale.ROOT));
        SearchQuery query = withParameters(parsed, label, drafts ? null : folder);
        boolean searched = q != null && !q.isBlank();
        boolean ranked = parsed.hasText();
        String cursor = PageToken.decode(pageToken);
        Float afterRank = null;
        String afterId = null;
        Keyset after = null;
        if (cursor != null && ranked) {
            int bar = cursor.indexOf('|');
            try {
                if (!cursor.startsWith(RANKED) || bar < 0) {
                    throw new NumberFormatException();
                }
                afterRank = Float.valueOf(cursor.substring(RANKED.length(), bar));
                afterId = cursor.substring(bar + 1);
                if (afterRank.isNaN() || afterRank.isInfinite()) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw invalid("page_token",
                        "not a page token of this list: pass next_page_token of the previous page as it was");
            }
        } else if (cursor != null) {
            after = Keyset.after(pageToken);
        }
        Keyset newestAfter = after;
        Float rankAfter = afterRank;
        String idAfter = afterId;
        return scope(caller, mailbox, drafts).chain(scope -> ranked
                ? sql.ranked(scope, query, rankAfter, idAfter, limit + 1)
                        .map(rows -> Page.of(rows, limit, t -> RANKED + t.rank() + "|" + t.id()))
                : sql.newest(scope, query, searched, newestAfter == null ? null : newestAfter.at(),
                        newestAfter == null ? null : newestAfter.id(), limit + 1)
                        .map(rows -> Page.of(rows, limit, t -> Keyset.cursor(t.lastMessageAt(), t.id()))));
    }

    /** The {@code label} and {@code folder} parameters as terms of the query. */
    private static SearchQuery withParameters(SearchQuery query, String label, String folder) {
        List<Group> groups = new ArrayList<>();
        if (label != null && !label.isBlank()) {
            groups.add(new Group(List.of(new Condition(false, new SearchQuery.Label(label.trim())))));
        }
        if (folder != null && !folder.isBlank()) {
            String f = folder.trim().toLowerCase(Locale.ROOT);
            if (!QueryParser.FOLDERS.contains(f)) {
                throw invalid("folder", "must be one of inbox, drafts, archive, trash, spam, sent, anywhere");
            }
            groups.add(new Group(List.of(new Condition(false, new SearchQuery.In(f.equals("anywhere") ? null : f)))));
        }
        groups.addAll(query.groups());
        return new SearchQuery(groups);
    }

    /**
     * What the caller may list: its domains, narrowed to {@code mailbox} when given (404 if not the caller's), to
     * threads with pending drafts when {@code drafts}.
     */
    private Uni<Scope> scope(Caller caller, String mailbox, boolean drafts) {
        List<String> domains = caller.coversEveryDomain() ? null : caller.domains();
        if (mailbox == null || mailbox.isBlank()) {
            return Uni.createFrom().item(new Scope(domains, null, drafts));
        }
        return sql.mailboxDomain(mailbox).map(domain -> {
            if (domain == null || !caller.covers(domain)) {
                throw ApiException.notFound("mailbox " + mailbox);
            }
            return new Scope(domains, mailbox, drafts);
        });
    }

    private static ApiException invalid(String field, String detail) {
        return ApiException.invalid(List.of(new Problem.FieldError(field, detail)));
    }
}
