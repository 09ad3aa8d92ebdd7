package dev.mailroom.sdk;

import java.util.Map;

/** RFC 2136 dynamic DNS update settings of a domain: server ({@code host:port}), zone and TSIG key. */
public record DnsUpdateParams(String server, String zone, String keyName, String keyAlgorithm, String keySecret) {

    Map<String, Object> toJson() {
        return new Body().put("server", server).put("zone", zone).put("key_name", keyName)
                .put("key_algorithm", keyAlgorithm).put("key_secret", keySecret).map;
    }
}
