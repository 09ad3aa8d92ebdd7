package dev.mailroom.api.forwarded;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The thread listing and search of the mailboxes: served by mailbox, forwarded by the api. */
@Path("/v1/threads")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "threads", description = "Conversations of a mailbox (served by mailbox)")
public interface ThreadsApi {

    String Q = "Gmail-style search: words, \"phrases\", from: to: cc: (a substring of a name or address), subject:,"
            + " has:attachment, filename:, is:unread, is:read, is:starred, label:, in:inbox|archive|trash|spam|sent|"
            + "anywhere, before: and after: (2026-12-07 or an RFC 3339 time, UTC), newer_than: and older_than: (7d,"
            + " 12h, 3m, 1y); -term negates, OR between two terms; everything else must all hold. Words are found in"
            + " subjects, names and addresses, bodies, attachment names and attachment text, any case, accents"
            + " ignored. A term that cannot be read answers 422 naming q and the term.";

    @GET
    @Operation(operationId = "listThreads", summary = "Threads of the key's domains, listed or searched",
            description = "Newest first (last message; id breaks ties); with words to search, best match first. A"
                    + " thread is listed when one of its messages meets every condition. Trash and spam are left out"
                    + " unless a folder is asked for (folder, in:). With q, each thread names its matching messages;"
                    + " with words, highlights of its best message mark them (and of the attachment text that has"
                    + " them, if any). A mailbox the key does not cover"
                    + " answers 404.")
    default ThreadSummaryPage list(
            @QueryParam("mailbox") @Parameter(description = "only this mailbox (its id)") String mailbox,
            @QueryParam("label") @Parameter(description = "only threads with a message carrying this label")
            String label,
            @QueryParam("folder") @Parameter(description = "inbox, drafts (threads with pending agent drafts), archive,"
                    + " trash, spam, sent or anywhere") String folder,
            @QueryParam("q") @Parameter(description = Q, example = "from:ann invoice -paid newer_than:30d") String q,
            @QueryParam("limit") @Parameter(description = Pages.LIMIT) Integer limit,
            @QueryParam("page_token") @Parameter(description = Pages.TOKEN) String pageToken) {
        return Forwarded.notServedHere();
    }

    @Schema(name = "SearchHighlights", description = "Subject and body of the thread's best message, HTML-escaped,"
            + " every searched word in <mark></mark>: safe to insert as HTML.")
    record Highlights(@Schema(example = "<mark>Invoice</mark> 1234") String subject,
            @Schema(example = "the <mark>invoice</mark> for November &amp; December") String body,
            @Schema(nullable = true, description = "the attachment whose extracted text (PDF, Office documents, text)"
                    + " best matches a searched word, of the thread's best matching messages; null when no"
                    + " attachment's text has one") AttachmentHighlight attachment) {
    }

    @Schema(name = "SearchAttachmentHighlight", description = "An attachment's text with the searched words marked"
            + " like the body's, and its file name; both HTML-escaped.")
    record AttachmentHighlight(@Schema(example = "statement-2026.pdf") String filename,
            @Schema(example = "annual <mark>invoice</mark> statement") String text) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "ThreadSummary", description = "A thread of a mailbox as listed.")
    record ThreadSummary(@Schema(example = "t-4c1e9a") String id,
            @Schema(example = "mb-8d02f7") String mailboxId,
            @Schema(example = "Invoice 1234") String subject,
            @Schema(description = "the start of the last message's text", example = "Please find attached")
            String snippet,
            @Schema(example = "2026-12-07T06:13:04Z") Instant lastMessageAt,
            @Schema(example = "3") int messageCount, @Schema(example = "1") int unreadCount,
            @Schema(description = "the last message is inbound, not automatic, and unanswered", example = "true")
            boolean needsReply,
            @Schema(description = "every label of its messages", example = "[\"finance\"]") List<String> labels,
            @Schema(description = "distinct senders of its messages, newest first, at most 5")
            List<Participant> participants,
            @Schema(description = "a message of it is starred", example = "false") boolean starred,
            @Schema(description = "a message has an attachment that is not inline", example = "true")
            boolean hasAttachments,
            @Schema(description = "agent drafts of it waiting for a person", example = "1") int draftsPending,
            @Schema(enumeration = { "deferred", "bounced", "failed" }, nullable = true, description = "the worst"
                    + " delivery state of its sent messages (failed or suppressed > bounced or partially delivered >"
                    + " deferred); null when none", example = "bounced") String deliveryProblem,
            @Schema(description = "with q: the messages meeting it, best match (or newest) first, at most 100",
                    example = "[\"r-01HZX\"]") List<String> messageIds,
            @Schema(description = "with words in q") Highlights highlights) {
    }

    @Schema(name = "ThreadParticipant", description = "A sender of a thread.")
    record Participant(@Schema(description = "null when no message gave one", example = "Ann Lee") String name,
            @Schema(example = "ann@example.org") String address) {
    }

    @Schema(name = "ThreadSummaryPage")
    record ThreadSummaryPage(List<ThreadSummary> items, @JsonProperty("next_page_token") String nextPageToken) {
    }
}
