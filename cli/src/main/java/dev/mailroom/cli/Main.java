package dev.mailroom.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.mailroom.sdk.ApiConnectionException;
import dev.mailroom.sdk.ApiException;
import dev.mailroom.sdk.MailroomException;

/**
 * {@code mailroom}: finds the command in {@link Commands#all()}, parses its options, runs it, and turns every failure
 * into one line on stderr and a documented exit code ({@link Exit}); never a stack trace ({@code MAILROOM_DEBUG=1}
 * prints one for unexpected errors).
 */
public final class Main {

    /** Options every command accepts, before or after the command's words. */
    static final List<Args.Opt> GLOBAL = List.of(
            Args.Opt.value("profile", "NAME", "the profile of ~/.config/mailroom/config (default: default)"),
            Args.Opt.value("api-url", "URL", "the API endpoint (overrides MAILROOM_API_URL and the profile)"),
            Args.Opt.flag("json", "JSON output (the API's objects; lists as arrays)"),
            Args.Opt.flag("help", "this command's help"));

    /** Commands whose answer is the API's JSON: they also print an error's problem document on stdout. */
    private static final Set<String> JSON_ANSWERS = Set.of("send", "send-raw");

    private Main() {
    }

    public static void main(String[] argv) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        int code = run(List.of(argv), System.getenv(), System.in, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line; returns the exit code. */
    public static int run(List<String> argv, Map<String, String> env, InputStream in, PrintStream stdout,
            PrintStream stderr) {
        Output output = new Output(stdout, stderr);
        List<String> words = new ArrayList<>(argv);
        Context ctx = null;
        Command command = null;
        try {
            // global options before the command
            List<String> leading = new ArrayList<>();
            while (!words.isEmpty() && words.get(0).startsWith("-") && !words.get(0).equals("-")) {
                String w = words.remove(0);
                leading.add(w);
                if (!w.contains("=") && (w.equals("--profile") || w.equals("--api-url")) && !words.isEmpty()) {
                    leading.add(words.remove(0));
                }
            }
            boolean helpAsked = leading.contains("-h");
            leading.remove("-h");
            if (leading.remove("--version") || (words.size() == 1 && words.get(0).equals("version"))) {
                stdout.println("mailroom " + dev.mailroom.sdk.Mailroom.version());
                return Exit.OK;
            }
            Args globals = Args.parse(leading, GLOBAL, Map.of());
            if (words.isEmpty() || words.get(0).equals("help")) {
                if (words.size() > 1) {
                    words.remove(0);
                    helpAsked = true;
                } else {
                    Help.overview(output);
                    return words.isEmpty() && !globals.has("help") && !helpAsked ? Exit.USAGE : Exit.OK;
                }
            }
            int[] used = new int[1];
            command = Commands.find(words, used);
            if (command == null) {
                String group = Commands.group(words.get(0));
                if (group != null) {
                    boolean help = helpAsked || words.contains("--help") || words.contains("-h");
                    if (words.size() > 1 && !help) {
                        throw Exit.usage("unknown command '" + group + " " + words.get(1) + "' (mailroom " + group
                                + " --help)");
                    }
                    Help.group(output, group);
                    return help ? Exit.OK : Exit.USAGE;
                }
                throw Exit.usage("unknown command '" + words.get(0) + "' (mailroom help lists them)");
            }
            List<String> rest = new ArrayList<>(words.subList(used[0], words.size()));
            if (helpAsked || rest.contains("--help") || rest.contains("-h") || globals.has("help")) {
                Help.command(output, command);
                return Exit.OK;
            }
            List<Args.Opt> declared = new ArrayList<>(command.options());
            declared.addAll(GLOBAL);
            Args args = Args.parse(rest, declared, command.aliases());
            String profile = args.get("profile", globals.get("profile"));
            String url = args.get("api-url", globals.get("api-url"));
            boolean json = args.has("json") || globals.has("json");
            ctx = new Context(output, env, in, json, profile, url);
            return command.handler().run(ctx, args);
        } catch (Exit.Failure f) {
            stderr.println("mailroom: " + f.getMessage());
            if (f.code() == Exit.USAGE && command != null) {
                stderr.println("usage: " + command.usage() + "  (mailroom " + command.name() + " --help)");
            }
            return f.code();
        } catch (ApiException e) {
            return apiError(output, e, ctx, command);
        } catch (ApiConnectionException e) {
            String url = ctx == null ? "the API" : ctx.config().url();
            stderr.println("mailroom: cannot reach " + url + ": " + e.getMessage()
                    + (ctx != null && Config.isLoopback(url) ? " (is the local stack up? bin/mailroom status)" : ""));
            return Exit.NETWORK;
        } catch (MailroomException e) {
            stderr.println("mailroom: " + e.getMessage());
            return Exit.API_ERROR;
        } catch (java.io.UncheckedIOException e) {
            stderr.println("mailroom: " + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
            return Exit.USAGE;
        } catch (Exception e) {
            stderr.println("mailroom: unexpected error: " + e);
            if ("1".equals(env.get("MAILROOM_DEBUG"))) {
                e.printStackTrace(stderr);
            }
            return Exit.API_ERROR;
        }
    }

    /** The problem's title, detail and invalid fields on stderr (and the document on stdout for JSON answers). */
    static int apiError(Output out, ApiException e, Context ctx, Command command) {
        StringBuilder line = new StringBuilder("mailroom: ");
        line.append(e.title() != null ? e.title() : "HTTP " + e.status()).append(" (HTTP ").append(e.status())
                .append(')');
        if (e.detail() != null && !e.detail().equals(e.title())) {
            line.append(": ").append(e.detail());
        }
        out.err().println(line);
        for (ApiException.FieldError f : e.errors()) {
            out.err().println("  " + (f.field() == null ? "" : f.field() + ": ") + f.detail());
        }
        if ((ctx != null && ctx.json()) || (command != null && JSON_ANSWERS.contains(command.name()))) {
            if (!e.body().keys().isEmpty()) {
                out.json(e.body());
            }
        }
        return switch (e.status()) {
            case 401, 403 -> Exit.AUTH;
            case 404 -> Exit.NOT_FOUND;
            default -> Exit.API_ERROR;
        };
    }
}
