package dev.mailroom.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A file to attach, from bytes or a {@link Path}; base64 on the wire ({@code content}). With a
 * {@code contentId} it is an inline part (referenced as {@code cid:} from the HTML).
 */
public record Attachment(String filename, String contentType, byte[] content, String contentId) {

    public static Attachment of(String filename, String contentType, byte[] content) {
        return new Attachment(filename, contentType, content.clone(), null);
    }

    /** The file's bytes, its name, and its type as the platform guesses it (else application/octet-stream). */
    public static Attachment fromPath(Path file) {
        try {
            String type = Files.probeContentType(file);
            return new Attachment(file.getFileName().toString(), type == null ? "application/octet-stream" : type,
                    Files.readAllBytes(file), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read attachment " + file, e);
        }
    }

    public Attachment withContentType(String type) {
        return new Attachment(filename, type, content, contentId);
    }

    public Attachment withContentId(String id) {
        return new Attachment(filename, contentType, content, id);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filename", filename);
        if (contentType != null) {
            m.put("content_type", contentType);
        }
        m.put("content", Base64.getEncoder().encodeToString(content));
        if (contentId != null) {
            m.put("content_id", contentId);
        }
        return m;
    }
}
