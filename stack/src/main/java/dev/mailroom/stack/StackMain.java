package dev.mailroom.stack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Command-line launcher of the local infrastructure, used by {@code bin/mailroom}:
 *
 * <pre>
 * java -cp 'stack/target/mailroom-stack.jar:stack/target/lib/*' dev.mailroom.stack.StackMain kafka --data DIR --port P --controller-port C
 * java -cp ... dev.mailroom.stack.StackMain postgres --data DIR --port P
 * java -cp ... dev.mailroom.stack.StackMain topics --bootstrap HOST:PORT [--partitions N] [--timeout SECONDS]
 * </pre>
 *
 * {@code kafka} and {@code postgres} print {@code ready <what> 127.0.0.1:<port>} once they serve requests and run
 * until SIGTERM/SIGINT, which stops the server cleanly. Exit codes: 0 done, 1 failure, 2 usage error.
 */
public final class StackMain {

    /** Logging configuration of the launcher, a resource of this jar (log4j2, console, INFO). */
    static final String LOG_CONFIG = "mailroom-stack-log4j2.xml";

    private static final String USAGE = String.join("\n",
            "usage: StackMain kafka --data DIR --port PORT --controller-port PORT",
            "       StackMain postgres --data DIR --port PORT",
            "       StackMain topics --bootstrap HOST:PORT [--partitions N] [--timeout SECONDS]");

    private StackMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        int code;
        try {
            code = run(args);
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            code = 2;
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            code = 1;
        }
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    static int run(String[] args) {
        if (args.length == 0 || Set.of("help", "-h", "--help").contains(args[0])) {
            System.out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        Map<String, String> opts = options(List.of(args).subList(1, args.length));
        switch (command) {
            case "kafka" -> {
                Path data = Path.of(required(opts, "data"));
                int port = port(opts, "port");
                int controllerPort = port(opts, "controller-port");
                checkKnown(opts, "data", "port", "controller-port");
                KafkaNode node = KafkaNode.start(data, port, controllerPort);
                runUntilSignalled(node, "ready kafka " + node.bootstrapServers(), null);
                return 0;
            }
            case "postgres" -> {
                Path data = Path.of(required(opts, "data"));
                int port = port(opts, "port");
                checkKnown(opts, "data", "port");
                PostgresNode node = PostgresNode.start(data, port);
                runUntilSignalled(node, "ready postgres " + PostgresNode.HOST + ":" + port, node);
                return 0;
            }
            case "topics" -> {
                String bootstrap = required(opts, "bootstrap");
                int partitions = intOption(opts, "partitions", TopicCreator.DEFAULT_PARTITIONS);
                int timeout = intOption(opts, "timeout", (int) TopicCreator.DEFAULT_TIMEOUT.toSeconds());
                checkKnown(opts, "bootstrap", "partitions", "timeout");
                try {
                    TopicCreator.Result r = TopicCreator.ensure(bootstrap, partitions, Duration.ofSeconds(timeout));
                    System.out.println("topics on " + bootstrap + ": created " + r.created() + ", already present "
                            + r.existing());
                    return 0;
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("could not create the Mailroom topics on " + bootstrap
                            + " within " + timeout + " s: " + e.getMessage(), e);
                }
            }
            default -> throw new UsageException("unknown command '" + command + "'");
        }
    }

    /**
     * Prints the ready line, then blocks until the JVM shuts down; a shutdown hook closes {@code node}. With a
     * {@code watched} PostgreSQL node, a server that dies on its own makes the launcher exit with status 1.
     */
    private static void runUntilSignalled(AutoCloseable node, String readyLine, PostgresNode watched) {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopping.set(true);
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("error while stopping: " + e);
            } finally {
                closed.countDown();
            }
        }, "mailroom-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintStream out = System.out;
        out.println(readyLine);
        out.flush();
        if (watched != null) {
            Thread watchdog = new Thread(() -> {
                while (!stopping.get()) {
                    sleep(Duration.ofSeconds(2));
                    if (!stopping.get() && !watched.isRunning()) {
                        System.err.println("error: the PostgreSQL server stopped on its own; exiting");
                        System.exit(1);
                    }
                }
            }, "mailroom-postgres-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || a.length() == 2) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("option --" + name + " needs a value");
            }
            opts.put(name, value);
        }
        return opts;
    }

    private static void checkKnown(Map<String, String> opts, String... known) {
        for (String name : opts.keySet()) {
            if (!List.of(known).contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
        }
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException("missing --" + name);
        }
        return v;
    }

    private static int port(Map<String, String> opts, String name) {
        int p = intOption(opts, name, -1);
        if (p < 1 || p > 65535) {
            throw new UsageException("--" + name + " must be a TCP port (1-65535)");
        }
        return p;
    }

    private static int intOption(Map<String, String> opts, String name, int defaultValue) {
        String v = opts.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) {
                throw new UsageException("--" + name + " must be positive, got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + v + "'");
        }
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
