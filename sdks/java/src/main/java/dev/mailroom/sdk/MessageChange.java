package dev.mailroom.sdk;

import java.util.List;
import java.util.Map;

/**
 * Flags, folder and labels to change on a message or a thread; absent fields stay. {@code labels} replaces the
 * labels; {@code addLabels}/{@code removeLabels} edit them (not together with {@code labels}).
 */
public record MessageChange(Boolean unread, Boolean starred, String folder, List<String> labels,
        List<String> addLabels, List<String> removeLabels) {

    public static MessageChange none() {
        return new MessageChange(null, null, null, null, null, null);
    }

    public MessageChange withUnread(boolean unread) {
        return new MessageChange(unread, starred, folder, labels, addLabels, removeLabels);
    }

    public MessageChange withStarred(boolean starred) {
        return new MessageChange(unread, starred, folder, labels, addLabels, removeLabels);
    }

    /** {@code inbox}, {@code archive}, {@code trash}, {@code spam} or {@code sent}. */
    public MessageChange withFolder(String folder) {
        return new MessageChange(unread, starred, folder, labels, addLabels, removeLabels);
    }

    public MessageChange withLabels(String... labels) {
        return new MessageChange(unread, starred, folder, List.of(labels), addLabels, removeLabels);
    }

    public MessageChange addLabels(String... add) {
        return new MessageChange(unread, starred, folder, labels, List.of(add), removeLabels);
    }

    public MessageChange removeLabels(String... remove) {
        return new MessageChange(unread, starred, folder, labels, addLabels, List.of(remove));
    }

    Map<String, Object> toJson() {
        Body b = new Body().put("unread", unread).put("starred", starred).put("folder", folder)
                .put("add_labels", addLabels).put("remove_labels", removeLabels);
        if (labels != null) {
            b.map.put("labels", labels); // an empty list clears the labels
        }
        return b.map;
    }
}
