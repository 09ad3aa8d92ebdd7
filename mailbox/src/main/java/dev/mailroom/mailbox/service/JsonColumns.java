package dev.mailroom.mailbox.service;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.mailroom.contract.EmailAddress;

/**
 * The JSON kept in {@code jsonb} columns (addresses, authentication verdicts, route, event data): snake_case, as the
 * API shows it, so a read passes it through unchanged.
 */
public final class JsonColumns {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);

    private JsonColumns() {
    }

    /** {@code value} as JSON text; null stays null. */
    public static String encode(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** Addresses as {@code [{"address":..,"name":..}]}. */
    public static String addresses(List<EmailAddress> list) {
        return encode(list == null ? List.of()
                : list.stream().map(a -> {
                    java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
                    m.put("address", a.address());
                    m.put("name", a.name());
                    return m;
                }).toList());
    }

    /** A small object (event data). */
    public static String object(Map<String, ?> values) {
        return encode(values);
    }
}
