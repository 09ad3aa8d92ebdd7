package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @TempDir
    Path dir;

    private Map<String, String> env(String... kv) {
        Map<String, String> env = new HashMap<>();
        env.put("XDG_CONFIG_HOME", dir.resolve("cfg").toString());
        env.put("MAILROOM_STATE", dir.resolve("state").toString());
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    private void profiles(String text) throws Exception {
        Path f = dir.resolve("cfg/mailroom/config");
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    @Test
    void withNothingSetItIsTheLocalStackWithItsBootstrapKey() throws Exception {
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/secrets.env"), "MAILROOM_REPLY_TOKEN_KEY=x\nMAILROOM_API_BOOTSTRAP_KEY=mr_local\n");
        Config c = Config.resolve(env("MAILROOM_HTTP_PORT", "18080"), null, null);
        assertEquals("http://127.0.0.1:18080", c.url());
        assertEquals("mr_local", c.key());
        assertEquals("default", c.profile());
    }

    @Test
    void theProfileGivesUrlAndKeyAndTheEnvironmentWinsOverIt() throws Exception {
        profiles("# mine\n[default]\nurl = http://127.0.0.1:9999/\n\n[prod]\nurl = \"https://mail.example.org\"\nkey = mr_prod\n");
        Config prod = Config.resolve(env(), "prod", null);
        assertEquals("https://mail.example.org", prod.url());
        assertEquals("mr_prod", prod.key());
        assertEquals("profile prod", prod.keySource());
        Config overridden = Config.resolve(env("MAILROOM_API_URL", "https://other.example", "MAILROOM_API_KEY", "mr_env"),
                "prod", null);
        assertEquals("https://other.example", overridden.url());
        assertEquals("mr_env", overridden.key());
        assertEquals("http://flag.example", Config.resolve(env("MAILROOM_API_URL", "https://other.example"), "prod",
                "http://flag.example").url(), "--api-url wins over everything");
        assertEquals("http://127.0.0.1:9999", Config.resolve(env(), null, null).url(), "default profile, slash cut");
        assertEquals("mr_prod", Config.resolve(env("MAILROOM_PROFILE", "prod"), null, null).key());
    }

    @Test
    void theLocalBootstrapKeyNeverGoesToARemoteEndpoint() throws Exception {
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/secrets.env"), "MAILROOM_API_BOOTSTRAP_KEY=mr_local\n");
        Config remote = Config.resolve(env("MAILROOM_API_URL", "https://mail.example.org"), null, null);
        assertNull(remote.key());
        assertEquals(Exit.AUTH, assertThrows(Exit.Failure.class, remote::requireKey).code());
    }

    @Test
    void anUnknownProfileOrABadFileIsAUsageError() throws Exception {
        profiles("[default]\nurl = http://x\n");
        assertEquals(Exit.USAGE, assertThrows(Exit.Failure.class, () -> Config.resolve(env(), "nope", null)).code());
        profiles("url = http://x\n");
        assertEquals(Exit.USAGE, assertThrows(Exit.Failure.class, () -> Config.resolve(env(), null, null)).code());
        profiles("[a]\ntoken = x\n");
        assertEquals(Exit.USAGE, assertThrows(Exit.Failure.class, () -> Config.resolve(env(), null, null)).code());
    }

    @Test
    void writtenProfilesReadBackAndOnlyTheOwnerMayReadThem() throws Exception {
        Path f = Config.file(env());
        Map<String, Map<String, String>> p = new LinkedHashMap<>();
        p.put("prod", new LinkedHashMap<>(Map.of("url", "https://mail.example.org", "key", "mr_k")));
        Config.write(f, p);
        assertEquals(p, Config.read(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertTrue(Files.readString(f).contains("[prod]"));
    }

    @Test
    void loopbackIsRecognised() {
        assertTrue(Config.isLoopback("http://127.0.0.1:8080"));
        assertTrue(Config.isLoopback("http://localhost"));
        assertTrue(!Config.isLoopback("https://mail.example.org"));
        assertTrue(!Config.isLoopback("http://127.0.0.1.example.org"), "a name that starts like loopback is not");
    }
}
