package dev.mailroom.agenthost.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document ({@code application/problem+json}), the shape egress-sender's API uses too. Texts are
 * written for the client; internal reasons (exceptions, SQL) never appear.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("https://mailroom.dev/problems/" + slug, title, status, detail);
    }
}
