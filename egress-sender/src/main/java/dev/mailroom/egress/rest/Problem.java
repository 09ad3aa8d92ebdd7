package dev.mailroom.egress.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document ({@code application/problem+json}). {@code errors} names each offending JSON field.
 * Texts are written for the client; internal reasons (exceptions, SQL) never appear.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field: its JSON path ({@code to[1]}, {@code attachments[0].content}) and what is wrong. */
    public record FieldError(String field, String detail) {
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("https://mailroom.dev/problems/" + slug, title, status, detail, null);
    }
}
