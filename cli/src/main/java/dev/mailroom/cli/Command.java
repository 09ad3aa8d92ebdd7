package dev.mailroom.cli;

import java.util.List;
import java.util.Map;

/**
 * One command of the table in {@link Commands}: its words ({@code domains add}), its arguments and options (for the
 * parser, {@code --help} and the shell completion), and what it does.
 */
public record Command(String name, String args, String summary, List<Args.Opt> options, Map<String, String> aliases,
        Handler handler) {

    /** Runs the command; returns the exit code. */
    @FunctionalInterface
    public interface Handler {
        int run(Context ctx, Args args) throws Exception;
    }

    public Command(String name, String args, String summary, List<Args.Opt> options, Handler handler) {
        this(name, args, summary, options, Map.of(), handler);
    }

    /** {@code mailroom <name> <args> [options]} */
    public String usage() {
        return "mailroom " + name + (args.isEmpty() ? "" : " " + args) + (options.isEmpty() ? "" : " [options]");
    }
}
