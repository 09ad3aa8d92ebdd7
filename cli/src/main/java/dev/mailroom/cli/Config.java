package dev.mailroom.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the CLI talks to and with which key. The endpoint is, first found: {@code --api-url},
 * {@code MAILROOM_API_URL}, the profile's {@code url}, else the local stack
 * ({@code http://127.0.0.1:${MAILROOM_HTTP_PORT:-8080}}). The key: {@code MAILROOM_API_KEY}, the profile's
 * {@code key}, else (only for a loopback endpoint, so the local key never leaves the machine)
 * {@code MAILROOM_API_BOOTSTRAP_KEY} or the bootstrap key in {@code ${MAILROOM_STATE:-.mailroom}/secrets.env}.
 * The profile is {@code --profile}, else {@code MAILROOM_PROFILE}, else {@code default}; profiles live in
 * {@code ${XDG_CONFIG_HOME:-~/.config}/mailroom/config}:
 * <pre>
 * [default]
 * url = http://127.0.0.1:8080
 * key = mr_...
 *
 * [prod]
 * url = https://mail.example.org
 * key = mr_...
 * </pre>
 */
public record Config(String url, String key, String profile, String keySource, Path file) {

    public static final String DEFAULT_PROFILE = "default";

    /** Resolves the endpoint and key from the environment, the profile file and the flags. */
    public static Config resolve(Map<String, String> env, String profileFlag, String urlFlag) {
        Path file = file(env);
        Map<String, Map<String, String>> profiles = read(file);
        String profile = profileFlag != null ? profileFlag : env.getOrDefault("MAILROOM_PROFILE", DEFAULT_PROFILE);
        Map<String, String> p = profiles.get(profile);
        if (p == null && (profileFlag != null || env.containsKey("MAILROOM_PROFILE"))) {
            throw Exit.usage("no profile '" + profile + "' in " + file + (profiles.isEmpty() ? ""
                    : " (profiles: " + String.join(", ", profiles.keySet()) + ")"));
        }
        p = p == null ? Map.of() : p;
        String url = first(urlFlag, env.get("MAILROOM_API_URL"), p.get("url"));
        if (url == null) {
            url = "http://127.0.0.1:" + env.getOrDefault("MAILROOM_HTTP_PORT", "8080");
        }
        url = url.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        String key = blankToNull(env.get("MAILROOM_API_KEY"));
        String source = "MAILROOM_API_KEY";
        if (key == null && p.get("key") != null) {
            key = p.get("key");
            source = "profile " + profile;
        }
        if (key == null && isLoopback(url)) {
            key = blankToNull(env.get("MAILROOM_API_BOOTSTRAP_KEY"));
            source = "MAILROOM_API_BOOTSTRAP_KEY";
            if (key == null) {
                Path secrets = Path.of(env.getOrDefault("MAILROOM_STATE", ".mailroom")).resolve("secrets.env");
                key = bootstrapKey(secrets);
                source = secrets.toString();
            }
        }
        return new Config(url, key, profile, key == null ? null : source, file);
    }

    /** The key, or exit 3 with how to give one. */
    public String requireKey() {
        if (key == null) {
            throw new Exit.Failure(Exit.AUTH, "no API key for " + url + ": set MAILROOM_API_KEY, or add one to profile '"
                    + profile + "' (mailroom profiles set " + profile + " --url URL --key KEY)"
                    + (isLoopback(url) ? ", or start the local stack (bin/mailroom up)" : ""));
        }
        return key;
    }

    static Path file(Map<String, String> env) {
        String xdg = blankToNull(env.get("XDG_CONFIG_HOME"));
        Path base = xdg != null ? Path.of(xdg) : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")),
                ".config");
        return base.resolve("mailroom").resolve("config");
    }

    /** The profiles of {@code file} (none when it does not exist); {@code name = value} lines under {@code [name]}. */
    static Map<String, Map<String, String>> read(Path file) {
        Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return profiles;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw Exit.usage("cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> current = null;
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = profiles.computeIfAbsent(line.substring(1, line.length() - 1).strip(),
                        k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0 || current == null) {
                throw Exit.usage(file + ":" + n + ": expected [profile] or name = value");
            }
            String name = line.substring(0, eq).strip();
            if (!name.equals("url") && !name.equals("key")) {
                throw Exit.usage(file + ":" + n + ": unknown setting " + name + " (url, key)");
            }
            current.put(name, unquote(line.substring(eq + 1).strip()));
        }
        return profiles;
    }

    /** Writes {@code profiles} to {@code file}, readable by its owner only (it holds keys). */
    static void write(Path file, Map<String, Map<String, String>> profiles) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# mailroom CLI profiles: endpoint (url) and API key (key) per profile; mailroom --profile NAME");
        profiles.forEach((name, settings) -> {
            lines.add("");
            lines.add("[" + name + "]");
            settings.forEach((k, v) -> lines.add(k + " = " + v));
        });
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static String bootstrapKey(Path secrets) {
        if (!Files.isRegularFile(secrets)) {
            return null;
        }
        try {
            for (String line : Files.readAllLines(secrets, StandardCharsets.UTF_8)) {
                if (line.startsWith("MAILROOM_API_BOOTSTRAP_KEY=")) {
                    return blankToNull(line.substring("MAILROOM_API_BOOTSTRAP_KEY=".length()).strip());
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    static boolean isLoopback(String url) {
        try {
            String host = URI.create(url).getHost();
            return host != null && (host.equals("localhost") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
                    || host.equals("[::1]") || host.equals("::1"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (blankToNull(v) != null) {
                return v;
            }
        }
        return null;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }
}
