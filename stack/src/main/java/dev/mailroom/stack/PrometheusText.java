package dev.mailroom.stack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads samples out of a Prometheus or OpenMetrics scrape ({@code /q/metrics}; an exemplar may follow a value) for tests that compare a scrape before and
 * after some traffic (other test classes may share the application, so only differences are meaningful).
 */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The value of the series written exactly as {@code series} (name and labels), 0 when it is absent. */
    public static double value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+|NaN)( # .*)?$", Pattern.MULTILINE)
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /**
     * The sum of every series of metric {@code name} whose labels contain {@code labelPart} (e.g.
     * {@code reason="unroutable"}; empty for all), 0 when there is none.
     */
    public static double sum(String scrape, String name, String labelPart) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+|NaN)( # .*)?$",
                Pattern.MULTILINE).matcher(scrape);
        double total = 0;
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (labels.contains(labelPart) && !"NaN".equals(m.group(2))) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    /** Whether the scrape has at least one sample of metric {@code name}. */
    public static boolean has(String scrape, String name) {
        return Pattern.compile("^" + Pattern.quote(name) + "[{ ]", Pattern.MULTILINE).matcher(scrape).find();
    }
}
