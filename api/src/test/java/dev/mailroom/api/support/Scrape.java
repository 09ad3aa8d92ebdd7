package dev.mailroom.api.support;

import static io.restassured.RestAssured.given;

/** The api's own {@code /q/metrics}, as Prometheus scrapes it. */
public final class Scrape {

    private Scrape() {
    }

    /** The value of one sample, e.g. {@code mailroom_api_sends_total{outcome="accepted"}}; 0 before its first count. */
    public static double value(String sample) {
        for (String line : given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return 0;
    }
}
