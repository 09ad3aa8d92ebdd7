package dev.mailroom.mail.mime;

import java.util.Objects;

/**
 * One problem of a send request that keeps it from becoming a message.
 *
 * @param field  the JSON field at fault, snake_case with indexes and suffixes, e.g. {@code to[1].address},
 *               {@code headers.X-Foo}, {@code attachments[2].content_base64}
 * @param detail what is wrong, in words fit for an API error (e.g. {@code contains a line break})
 */
public record Violation(String field, String detail) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return field + ": " + detail;
    }
}
