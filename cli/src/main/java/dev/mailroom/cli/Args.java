package dev.mailroom.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The command line of one command: {@code --name value}, {@code --name=value}, flags, repeatable options, and
 * positional arguments; {@code --} ends the options. Only declared options are accepted (a typo is a usage error,
 * exit 2, never silently ignored).
 */
public final class Args {

    /** How an option takes its value. */
    public enum Kind {
        /** No value ({@code --json}). */
        FLAG,
        /** One value ({@code --subject S}); given twice, the last wins unless repeatable. */
        VALUE,
        /** A value only when the next word is a duration ({@code --wait}, {@code --wait 60}, {@code --wait 2m}). */
        OPTIONAL_DURATION
    }

    /** A declared option. */
    public record Opt(String name, Kind kind, boolean repeatable, String valueName, String help) {

        public static Opt flag(String name, String help) {
            return new Opt(name, Kind.FLAG, false, null, help);
        }

        public static Opt value(String name, String valueName, String help) {
            return new Opt(name, Kind.VALUE, false, valueName, help);
        }

        public static Opt many(String name, String valueName, String help) {
            return new Opt(name, Kind.VALUE, true, valueName, help);
        }

        public static Opt duration(String name, String help) {
            return new Opt(name, Kind.OPTIONAL_DURATION, false, "[DURATION]", help);
        }
    }

    private static final Pattern DURATION = Pattern.compile("\\d+(ms|s|m|h)?");

    private final Map<String, List<String>> options;
    private final List<String> positionals;

    private Args(Map<String, List<String>> options, List<String> positionals) {
        this.options = options;
        this.positionals = positionals;
    }

    /**
     * Parses {@code words} against {@code declared} (aliases map another spelling to a declared name, e.g.
     * {@code attach} → {@code attachment}).
     */
    public static Args parse(List<String> words, List<Opt> declared, Map<String, String> aliases) {
        Map<String, Opt> byName = new LinkedHashMap<>();
        declared.forEach(o -> byName.put(o.name(), o));
        Map<String, List<String>> options = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (optionsEnded || !w.startsWith("--") || w.equals("-")) {
                if (!optionsEnded && w.equals("--")) {
                    optionsEnded = true;
                    continue;
                }
                if (!optionsEnded && w.startsWith("-") && w.length() > 1 && !w.equals("-") && !isNumber(w)) {
                    throw Exit.usage("unknown option " + w);
                }
                positionals.add(w);
                continue;
            }
            if (w.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String name = w.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            name = aliases.getOrDefault(name, name);
            Opt opt = byName.get(name);
            if (opt == null) {
                throw Exit.usage("unknown option --" + name);
            }
            String value;
            switch (opt.kind()) {
                case FLAG -> {
                    if (inline != null) {
                        throw Exit.usage("--" + name + " takes no value");
                    }
                    value = "true";
                }
                case OPTIONAL_DURATION -> {
                    if (inline != null) {
                        value = inline;
                    } else if (i + 1 < words.size() && DURATION.matcher(words.get(i + 1)).matches()) {
                        value = words.get(++i);
                    } else {
                        value = "";
                    }
                    if (!value.isEmpty() && !DURATION.matcher(value).matches()) {
                        throw Exit.usage("--" + name + ": not a duration: " + value + " (e.g. 30, 30s, 2m)");
                    }
                }
                default -> {
                    if (inline != null) {
                        value = inline;
                    } else if (i + 1 < words.size()) {
                        value = words.get(++i);
                    } else {
                        throw Exit.usage("--" + name + " needs a value" + (opt.valueName() == null ? ""
                                : " (" + opt.valueName() + ")"));
                    }
                }
            }
            List<String> values = options.computeIfAbsent(name, k -> new ArrayList<>());
            if (!opt.repeatable()) {
                values.clear();
            }
            values.add(value);
        }
        return new Args(options, positionals);
    }

    private static boolean isNumber(String w) {
        return w.matches("-\\d+");
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    public String get(String name) {
        List<String> v = options.get(name);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    public String get(String name, String fallback) {
        String v = get(name);
        return v == null ? fallback : v;
    }

    public List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    /** A required option. */
    public String need(String name) {
        String v = get(name);
        if (v == null || v.isEmpty()) {
            throw Exit.usage("--" + name + " is required");
        }
        return v;
    }

    public Integer integer(String name) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw Exit.usage("--" + name + ": not a number: " + v);
        }
    }

    public List<String> positionals() {
        return positionals;
    }

    /** Positional {@code index}, required, named {@code what} in the error. */
    public String arg(int index, String what) {
        if (index >= positionals.size()) {
            throw Exit.usage("missing " + what);
        }
        return positionals.get(index);
    }

    /** Fails unless there are at most {@code max} positionals. */
    public Args atMost(int max) {
        if (positionals.size() > max) {
            throw Exit.usage("unexpected argument " + positionals.get(max));
        }
        return this;
    }

    /** A duration as {@code 30} (seconds), {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}. */
    public static java.time.Duration duration(String text, String what) {
        if (text == null || !DURATION.matcher(text).matches()) {
            throw Exit.usage(what + ": not a duration: " + text + " (e.g. 30, 30s, 2m)");
        }
        if (text.endsWith("ms")) {
            return java.time.Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        char unit = text.charAt(text.length() - 1);
        String digits = Character.isDigit(unit) ? text : text.substring(0, text.length() - 1);
        long n = Long.parseLong(digits);
        return switch (unit) {
            case 'm' -> java.time.Duration.ofMinutes(n);
            case 'h' -> java.time.Duration.ofHours(n);
            default -> java.time.Duration.ofSeconds(n);
        };
    }
}
