package dev.mailroom.mailbox.model;

/**
 * One attachment row as ingest writes it (table {@code attachment}); {@code sha256} null when the bytes were not
 * carried (then nothing is stored and nothing counted).
 */
public record NewAttachment(String id, String messageId, int ordinal, String filename, String contentType, long size,
        String sha256, String contentId, boolean inline) {
}
