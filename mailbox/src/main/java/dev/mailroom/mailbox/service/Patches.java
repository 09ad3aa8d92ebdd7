package dev.mailroom.mailbox.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.mailroom.mailbox.model.FlagPatch;
import dev.mailroom.platform.problem.Problem;

/** The rules of a {@link FlagPatch}: folders, label syntax and counts; each broken rule names its field. */
public final class Patches {

    /** Folders a message may be moved to. */
    public static final Set<String> FOLDERS = Set.of("inbox", "archive", "trash", "spam", "sent");
    /** A label: 1 to 64 letters, digits, spaces and {@code - _ . / :}, starting with a letter or digit. */
    public static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _./:-]{0,63}");
    public static final int MAX_LABELS = 50;

    private Patches() {
    }

    /** The field errors of {@code patch}, field names prefixed with {@code prefix} (e.g. {@code patch.}). */
    public static List<Problem.FieldError> errors(FlagPatch patch, String prefix) {
        List<Problem.FieldError> out = new ArrayList<>();
        if (patch == null) {
            out.add(new Problem.FieldError(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "a JSON object with unread, starred, folder, labels, add_labels or remove_labels is required"));
            return out;
        }
        if (patch.folder() != null && !FOLDERS.contains(patch.folder())) {
            out.add(new Problem.FieldError(prefix + "folder", "must be one of inbox, archive, trash, spam, sent"));
        }
        if (patch.labels() != null && (!patch.addLabels().isEmpty() || !patch.removeLabels().isEmpty())) {
            out.add(new Problem.FieldError(prefix + "labels",
                    "replace the labels or add/remove some, not both in one change"));
        }
        labels(patch.labels(), prefix + "labels", out);
        labels(patch.addLabels(), prefix + "add_labels", out);
        labels(patch.removeLabels(), prefix + "remove_labels", out);
        if (patch.unread() == null && patch.starred() == null && patch.folder() == null && patch.labels() == null
                && patch.addLabels().isEmpty() && patch.removeLabels().isEmpty() && out.isEmpty()) {
            out.add(new Problem.FieldError(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "changes nothing: give unread, starred, folder, labels, add_labels or remove_labels"));
        }
        return out;
    }

    private static void labels(List<String> labels, String field, List<Problem.FieldError> out) {
        if (labels == null) {
            return;
        }
        if (labels.size() > MAX_LABELS) {
            out.add(new Problem.FieldError(field, "at most " + MAX_LABELS + " labels"));
            return;
        }
        for (int i = 0; i < labels.size(); i++) {
            String l = labels.get(i);
            if (l == null || !LABEL.matcher(l).matches()) {
                out.add(new Problem.FieldError(field + "[" + i + "]", "a label is 1 to 64 letters, digits, spaces"
                        + " and - _ . / :, starting with a letter or digit"));
            }
        }
    }
}
