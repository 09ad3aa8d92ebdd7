package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionTest {

    @TempDir
    Path dir;

    @Test
    void everyCommandAndOptionIsInBothScripts() {
        for (String script : List.of(Completion.bash(), Completion.zsh())) {
            for (Command c : Commands.all()) {
                assertTrue(script.contains("\"" + c.name() + "\")"), c.name());
                c.options().forEach(o -> assertTrue(script.contains("--" + o.name()), c.name() + " --" + o.name()));
            }
            assertTrue(script.contains("domain) w1=domains"), "old spellings complete too");
        }
    }

    /** Completes {@code line} (words; the last is the one being typed) with the bash script in a real bash. */
    private List<String> bashComplete(String... words) throws Exception {
        Path script = dir.resolve("c.bash");
        Files.writeString(script, Completion.bash());
        StringBuilder cmd = new StringBuilder("source " + script + "; COMP_WORDS=(");
        for (String w : words) {
            cmd.append("'").append(w).append("' ");
        }
        cmd.append("); COMP_CWORD=").append(words.length - 1).append("; _mailroom; printf '%s\\n' \"${COMPREPLY[@]}\"");
        Process p = new ProcessBuilder("bash", "-c", cmd.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void bashCompletesCommandsSubcommandsAndOptions() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")));
        assertTrue(bashComplete("mailroom", "dom").contains("domains"));
        assertEquals(List.of("verify"), bashComplete("mailroom", "domains", "ver"));
        assertEquals(List.of("verify"), bashComplete("mailroom", "domain", "ver"));
        assertTrue(bashComplete("mailroom", "send", "--idem").contains("--idempotency-key"));
        assertTrue(bashComplete("mailroom", "drafts", "approve", "d1", "--e").contains("--edit"));
        assertTrue(bashComplete("mailroom", "up").contains("up"));
    }

    @Test
    void zshScriptParses() throws Exception {
        Path zsh = Path.of("/usr/bin/zsh");
        Assumptions.assumeTrue(Files.isExecutable(zsh), "zsh not installed");
        Path script = dir.resolve("c.zsh");
        Files.writeString(script, Completion.zsh());
        Process p = new ProcessBuilder(zsh.toString(), "-n", script.toString()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
