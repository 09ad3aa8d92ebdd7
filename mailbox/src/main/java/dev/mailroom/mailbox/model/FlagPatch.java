package dev.mailroom.mailbox.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A change of flags, folder and labels on messages ({@code PATCH /v1/messages/{id}}, {@code PATCH /v1/threads/{id}},
 * the batch form): absent fields stay as they are; {@code labels} replaces the labels, {@code add_labels} and
 * {@code remove_labels} edit them (not together with {@code labels}).
 */
public record FlagPatch(Boolean unread, Boolean starred, String folder, List<String> labels,
        @JsonProperty("add_labels") List<String> addLabels, @JsonProperty("remove_labels") List<String> removeLabels) {

    public FlagPatch {
        addLabels = addLabels == null ? List.of() : addLabels;
        removeLabels = removeLabels == null ? List.of() : removeLabels;
    }
}
