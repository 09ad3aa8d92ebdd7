package dev.mailroom.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code profiles list|set|remove} and {@code whoami}: the profile file ({@link Config}) and what is in effect. */
final class Profiles {

    private Profiles() {
    }

    static int list(Context c, Args a) {
        a.atMost(0);
        Path file = Config.file(c.env());
        Map<String, Map<String, String>> profiles = Config.read(file);
        if (c.json()) {
            Map<String, Object> out = new LinkedHashMap<>();
            profiles.forEach((n, p) -> out.put(n, Map.of("url", p.getOrDefault("url", ""), "key",
                    mask(p.get("key")))));
            c.out().json(out);
        } else {
            c.out().table(List.of("profile", "url", "key"), profiles.entrySet().stream()
                    .map(e -> List.of(e.getKey(), e.getValue().getOrDefault("url", "-"), mask(e.getValue().get("key"))))
                    .toList());
            c.out().note("(" + file + ")");
        }
        return Exit.OK;
    }

    static int set(Context c, Args a) throws Exception {
        String name = a.atMost(1).arg(0, "profile name");
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw Exit.usage("a profile name is letters, digits, '.', '_' or '-': " + name);
        }
        if (!a.has("url") && !a.has("key")) {
            throw Exit.usage("give --url and/or --key");
        }
        Path file = Config.file(c.env());
        Map<String, Map<String, String>> profiles = Config.read(file);
        Map<String, String> p = profiles.computeIfAbsent(name, k -> new LinkedHashMap<>());
        if (a.has("url")) {
            p.put("url", a.get("url").strip());
        }
        if (a.has("key")) {
            String key = a.get("key");
            if ("-".equals(key)) {
                key = new String(c.stdin().readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            p.put("key", key);
        }
        Config.write(file, profiles);
        c.out().line("profile " + name + " saved in " + file);
        return Exit.OK;
    }

    static int remove(Context c, Args a) throws Exception {
        String name = a.atMost(1).arg(0, "profile name");
        Path file = Config.file(c.env());
        Map<String, Map<String, String>> profiles = Config.read(file);
        if (profiles.remove(name) == null) {
            throw new Exit.Failure(Exit.NOT_FOUND, "no profile '" + name + "' in " + file);
        }
        Config.write(file, profiles);
        c.out().line("profile " + name + " removed");
        return Exit.OK;
    }

    static int whoami(Context c, Args a) {
        a.atMost(0);
        Config cfg = c.config();
        if (c.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("url", cfg.url());
            m.put("profile", cfg.profile());
            m.put("key", mask(cfg.key()));
            m.put("key_source", cfg.keySource());
            m.put("config_file", cfg.file().toString());
            c.out().json(m);
        } else {
            c.out().fields(List.of(new String[] {"url", cfg.url()}, new String[] {"profile", cfg.profile()},
                    new String[] {"key", cfg.key() == null ? "(none)" : mask(cfg.key()) + " (from " + cfg.keySource()
                            + ")"}, new String[] {"config file", cfg.file().toString()}));
        }
        return Exit.OK;
    }

    /** The first characters of a key, never all of it. */
    static String mask(String key) {
        if (key == null || key.isEmpty()) {
            return "-";
        }
        return key.length() <= 8 ? "****" : key.substring(0, Math.min(6, key.length() / 3)) + "…";
    }
}
