package dev.mailroom.api.forwarded;

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

/** The labels in use in the mailboxes: served by mailbox (ADR 0040), forwarded by the api. */
@Path("/v1/labels")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "threads", description = "Conversations of a mailbox (served by mailbox)")
public interface LabelsApi {

    @GET
    @Operation(operationId = "listLabels", summary = "Labels in use",
            description = "By name, in the key's domains or one mailbox (another tenant's answers 404), with their"
                    + " messages, unread messages and threads; trash and spam left out.")
    default LabelList list(@QueryParam("mailbox") @Parameter(description = "only this mailbox (its id)")
            String mailbox) {
        return Forwarded.notServedHere();
    }

    @Schema(name = "Label", description = "A label in use.")
    record Label(@Schema(example = "finance") String name, @Schema(example = "12") int messages,
            @Schema(example = "3") int unread, @Schema(example = "5") int threads) {
    }

    @Schema(name = "LabelList")
    record LabelList(List<Label> items) {
    }
}
