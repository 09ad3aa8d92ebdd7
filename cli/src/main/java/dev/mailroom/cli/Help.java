package dev.mailroom.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code mailroom help}, {@code mailroom <group>} and {@code mailroom <command> --help}, from the command table. */
final class Help {

    private Help() {
    }

    static void overview(Output out) {
        StringBuilder b = new StringBuilder();
        b.append("usage: mailroom [--profile NAME] [--api-url URL] [--json] <command> [args] [options]\n\n");
        b.append("Stack (bin/mailroom): up, down, status [--json], logs <component> [-f], images\n\n");
        b.append("API commands:\n");
        for (Command c : Commands.all()) {
            String head = c.name() + (c.args().isEmpty() ? "" : " " + c.args());
            b.append("  ").append(head).append(head.length() < 34 ? " ".repeat(34 - head.length()) : "\n"
                    + " ".repeat(36)).append(c.summary()).append('\n');
        }
        b.append("""

                Endpoint and key: --api-url / MAILROOM_API_URL / the profile's url, else the local stack
                (http://127.0.0.1:${MAILROOM_HTTP_PORT:-8080}); MAILROOM_API_KEY / the profile's key, else the local
                stack's bootstrap key (${MAILROOM_STATE:-.mailroom}/secrets.env). Profiles: ~/.config/mailroom/config
                (mailroom profiles set NAME --url URL --key KEY), chosen by --profile or MAILROOM_PROFILE.
                Exit codes: 0 ok, 1 API error or failed delivery, 2 usage, 3 auth (no key, 401, 403),
                4 not found, 5 wait ended without the outcome, 6 network.
                mailroom <command> --help shows a command's options; mailroom completion bash|zsh the completion.
                """);
        out.out().print(b);
    }

    static void group(Output out, String group) {
        StringBuilder b = new StringBuilder("usage: mailroom " + group + " <command>\n\n");
        for (Command c : Commands.all()) {
            if (c.name().equals(group) || c.name().startsWith(group + " ")) {
                String head = c.name() + (c.args().isEmpty() ? "" : " " + c.args());
                b.append("  ").append(head).append(head.length() < 34 ? " ".repeat(34 - head.length()) : "  ")
                        .append(c.summary()).append('\n');
            }
        }
        out.out().print(b);
    }

    static void command(Output out, Command c) {
        StringBuilder b = new StringBuilder("usage: " + c.usage() + "\n\n" + c.summary() + "\n");
        List<Args.Opt> opts = c.options();
        if (!opts.isEmpty()) {
            b.append("\noptions:\n");
            for (Args.Opt o : opts) {
                option(b, o);
            }
        }
        b.append("\nglobal options:\n");
        for (Args.Opt o : Main.GLOBAL) {
            option(b, o);
        }
        if (!c.aliases().isEmpty()) {
            Set<String> a = new LinkedHashSet<>();
            c.aliases().forEach((k, v) -> a.add("--" + k + " = --" + v));
            b.append("\naliases: ").append(String.join(", ", a)).append('\n');
        }
        out.out().print(b);
    }

    private static void option(StringBuilder b, Args.Opt o) {
        String head = "--" + o.name() + (o.valueName() == null ? "" : " " + o.valueName());
        b.append("  ").append(head).append(head.length() < 26 ? " ".repeat(26 - head.length()) : "\n"
                + " ".repeat(28)).append(o.help()).append(o.repeatable() ? "" : "").append('\n');
    }
}
