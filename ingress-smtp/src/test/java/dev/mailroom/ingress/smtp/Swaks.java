package dev.mailroom.ingress.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code swaks} SMTP client (Debian package {@code swaks}) and returns its transcript. */
final class Swaks {

    /** Exit status and the whole transcript (what swaks sent and what the server answered). */
    record Result(int exit, String transcript) {

        /** The last reply line the server sent that starts with {@code code}, or null. */
        String lastReply(String code) {
            String found = null;
            for (String line : transcript.split("\n")) {
                String l = line.strip();
                int space = l.indexOf(' ');
                if (l.startsWith("<") && space > 0 && l.substring(space + 1).strip().startsWith(code)) {
                    found = l.substring(space + 1).strip();
                }
            }
            return found;
        }
    }

    private Swaks() {
    }

    static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("swaks", "--hide-informational", "--timeout", "30"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("swaks did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
