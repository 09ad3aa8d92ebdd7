package dev.mailroom.cli;

import static dev.mailroom.cli.Args.Opt.duration;
import static dev.mailroom.cli.Args.Opt.flag;
import static dev.mailroom.cli.Args.Opt.many;
import static dev.mailroom.cli.Args.Opt.value;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.mailroom.sdk.AgentDefinition;
import dev.mailroom.sdk.ApiKey;
import dev.mailroom.sdk.CreateApiKeyParams;
import dev.mailroom.sdk.Draft;
import dev.mailroom.sdk.DraftApproval;
import dev.mailroom.sdk.JsonObject;
import dev.mailroom.sdk.ListParams;
import dev.mailroom.sdk.Message;
import dev.mailroom.sdk.Webhook;
import dev.mailroom.sdk.WebhookParams;

/**
 * The command table (the one place a command is declared: the parser, {@code help}, {@code --help} and the shell
 * completion all read it) and the API commands on the Java SDK. Sending, waiting and the event stream are in
 * {@link Sending}; the MCP bridge in {@link McpBridge}.
 */
public final class Commands {

    static final Args.Opt LIMIT = value("limit", "N", "at most N items (default 100)");

    /** Group words with another spelling: {@code bin/mailroom domain ...} (before the CLI) keeps working. */
    static final Map<String, String> GROUP_ALIASES = Map.of("domain", "domains", "key", "keys", "agent", "agents",
            "draft", "drafts", "webhook", "webhooks", "profile", "profiles", "api-keys", "keys");

    private static final List<Command> ALL = table();

    private Commands() {
    }

    public static List<Command> all() {
        return ALL;
    }

    /** The command {@code words} start with (two words before one); {@code used[0]} tells how many it took. */
    static Command find(List<String> words, int[] used) {
        if (words.isEmpty()) {
            return null;
        }
        String first = GROUP_ALIASES.getOrDefault(words.get(0), words.get(0));
        if (words.size() > 1) {
            for (Command c : ALL) {
                if (c.name().equals(first + " " + words.get(1))) {
                    used[0] = 2;
                    return c;
                }
            }
        }
        for (Command c : ALL) {
            if (c.name().equals(first)) {
                used[0] = 1;
                return c;
            }
        }
        return null;
    }

    /** The group {@code word} names ({@code domains} for {@code domain}), or null. */
    static String group(String word) {
        String g = GROUP_ALIASES.getOrDefault(word, word);
        return ALL.stream().anyMatch(c -> c.name().startsWith(g + " ")) ? g : null;
    }

    private static List<Command> table() {
        List<Command> t = new ArrayList<>();
        t.add(Sending.send());
        t.add(Sending.sendRaw());
        t.add(new Command("domains list", "", "the domains Mailroom serves", List.of(LIMIT), Commands::domainsList));
        t.add(new Command("domains add", "<name>", "add a domain: DKIM keys and the DNS records to publish",
                List.of(flag("require-verified-dkim", "hold its mail until the DKIM record is seen")),
                Commands::domainsAdd));
        t.add(new Command("domains show", "<name>", "a domain, its DKIM keys and records", List.of(),
                (c, a) -> domainView(c, c.api().domains().get(a.atMost(1).arg(0, "domain name")))));
        t.add(new Command("domains records", "<name>", "the DNS records to publish and their state", List.of(),
                Commands::domainsRecords));
        t.add(new Command("domains zone", "<name>", "the records as a zone file fragment", List.of(),
                (c, a) -> {
                    c.out().out().print(c.api().domains().zone(a.atMost(1).arg(0, "domain name")));
                    return Exit.OK;
                }));
        t.add(new Command("domains verify", "<name>", "check the records in DNS now", List.of(),
                (c, a) -> domainView(c, c.api().domains().verify(a.atMost(1).arg(0, "domain name")))));
        t.add(new Command("domains rotate", "<name>", "new DKIM keys (the old ones sign until the new are seen)",
                List.of(), (c, a) -> domainView(c, c.api().domains().rotateDkim(a.atMost(1).arg(0, "domain name")))));
        t.add(new Command("domains publish", "<name>", "publish the records by RFC 2136 UPDATE (dns-update set)",
                List.of(), Commands::domainsPublish));
        t.add(new Command("domains delete", "<name>", "stop serving a domain", List.of(), (c, a) -> {
            String name = a.atMost(1).arg(0, "domain name");
            c.api().domains().delete(name);
            return done(c, "deleted domain " + name, Map.of("deleted", name));
        }));

        t.add(new Command("keys list", "", "API keys (admin)", List.of(LIMIT), Commands::keysList));
        t.add(new Command("keys create", "", "a new API key; its token is shown only once",
                List.of(value("name", "NAME", "what the key is for (required)"),
                        many("permission", "P", "send, read, drafts, admin, ... (repeatable)"),
                        many("domain", "D", "a domain the key covers (repeatable; none: all)"),
                        value("rate", "N", "sends per minute (default: the server's)")),
                Commands::keysCreate));
        t.add(new Command("keys revoke", "<id>", "revoke a key at once", List.of(), (c, a) -> {
            String id = a.atMost(1).arg(0, "key id");
            c.api().apiKeys().revoke(id);
            return done(c, "revoked key " + id, Map.of("revoked", id));
        }));

        t.add(new Command("agents list", "", "agent classes and their instance counts", List.of(LIMIT),
                Commands::agentsList));
        t.add(new Command("agents show", "<name>", "an agent class", List.of(), (c, a) -> {
            JsonObject agent = c.api().agents().get(a.atMost(1).arg(0, "agent class"));
            if (c.json()) {
                c.out().json(agent);
            } else {
                c.out().fields(List.of(new String[] {"class", agent.string("name")},
                        new String[] {"kind", agent.string("kind")}, new String[] {"source", agent.string("source")},
                        new String[] {"addresses", String.join(", ", agent.strings("addresses"))},
                        new String[] {"webhook", agent.object("webhook").string("url")},
                        new String[] {"send policy", agent.string("send_policy")}));
            }
            return Exit.OK;
        }));
        t.add(new Command("agents register", "", "register a webhook agent class",
                List.of(value("name", "CLASS", "the class name (required)"),
                        value("url", "URL", "where Mailroom POSTs its mail (required)"),
                        value("secret", "SECRET", "HMAC secret, 16+ characters (default: $MAILROOM_AGENT_SECRET, "
                                + "else one is generated and printed)"),
                        many("address", "LOCAL", "a local part it answers (repeatable; default: the class name)"),
                        duration("timeout", "how long one webhook call may take")),
                Commands::agentsRegister));
        t.add(new Command("agents delete", "<name>", "remove a webhook agent class", List.of(), (c, a) -> {
            String name = a.atMost(1).arg(0, "agent class");
            c.api().agents().delete(name);
            return done(c, "deleted agent class " + name, Map.of("deleted", name));
        }));
        t.add(new Command("instances", "<class>", "the instances of an agent class", List.of(LIMIT),
                Commands::instances));
        t.add(new Command("state", "<class> <instance>", "an instance's durable state (JSON)", List.of(), (c, a) -> {
            a.atMost(2);
            JsonObject inst = c.api().agents().getInstance(a.arg(0, "agent class"), a.arg(1, "instance"));
            c.out().json(c.json() ? inst : inst.object("state"));
            return Exit.OK;
        }));
        t.add(new Command("threads", "[<class> <instance>]",
                "conversations: of the key's mailboxes (filters), or of one agent instance",
                List.of(value("mailbox", "ID", "one mailbox"), value("folder", "F", "inbox, sent, archive, ..."),
                        value("label", "L", "a label"), LIMIT),
                Commands::threads));
        t.add(new Command("threads show", "<id>", "a thread with its messages", List.of(), Commands::threadShow));
        t.add(new Command("read", "<message-id>", "a message: headers and text (inbound text is untrusted)",
                List.of(flag("html", "the sanitised HTML body instead of the text"),
                        flag("raw", "the message as received or sent (RFC 5322)")),
                Commands::read));
        t.add(new Command("search", "<query>", "full-text search (from: to: subject: has:attachment newer_than:7d ...)",
                List.of(value("mailbox", "ID", "one mailbox"), LIMIT), Commands::search));

        t.add(new Command("drafts list", "", "drafts agents hold for approval",
                List.of(value("class", "CLASS", "one agent class"), value("instance", "I", "one instance"),
                        value("status", "S", "pending (default), approved, rejected, all"),
                        value("thread", "ID", "one thread"), LIMIT),
                Commands::draftsList));
        t.add(new Command("drafts show", "<id>", "a draft and its message", List.of(), Commands::draftShow));
        t.add(new Command("drafts approve", "<id>", "send a draft (as it is, or edited)",
                List.of(flag("edit", "edit its text in $VISUAL/$EDITOR first"),
                        value("subject", "S", "another subject"), value("text", "T", "another text ('-': stdin)"),
                        value("html", "H", "another HTML body"), many("to", "ADDR", "other recipients (repeatable)")),
                Commands::draftApprove));
        t.add(new Command("drafts reject", "<id>", "reject a draft",
                List.of(value("reason", "TEXT", "why (kept with the draft)")), (c, a) -> {
                    String id = a.atMost(1).arg(0, "draft id");
                    JsonObject r = c.api().drafts().reject(id, a.get("reason"));
                    return done(c, "rejected draft " + id, r);
                }));
        t.add(Sending.waitCommand());
        t.add(Sending.tail());

        t.add(new Command("webhooks list", "", "event webhooks", List.of(), Commands::webhooksList));
        t.add(new Command("webhooks show", "<id>", "a webhook", List.of(),
                (c, a) -> webhookView(c, c.api().webhooks().get(a.atMost(1).arg(0, "webhook id")))));
        t.add(new Command("webhooks create", "", "a new event webhook; its secret is shown only once",
                List.of(value("url", "URL", "where events are POSTed (required)"),
                        many("event", "TYPE", "an event type, e.g. message.delivered (repeatable; none: all)"),
                        value("mailbox", "ID", "only this mailbox's events"),
                        value("domain", "D", "only this domain's events"),
                        value("description", "TEXT", "a note")),
                (c, a) -> {
                    a.atMost(0);
                    WebhookParams p = WebhookParams.create(a.need("url"), a.all("event").toArray(String[]::new))
                            .withMailboxId(a.get("mailbox")).withDomain(a.get("domain"))
                            .withDescription(a.get("description"));
                    return webhookView(c, c.api().webhooks().create(p));
                }));
        t.add(new Command("webhooks test", "<id>",
                "deliver the webhook's latest event again and show the receiver's answer",
                List.of(duration("timeout", "how long to wait for the outcome (default 30s)")), Commands::webhookTest));
        t.add(new Command("webhooks replay", "<id>", "deliver events again: one delivery, or every event since a time",
                List.of(value("delivery", "ID", "one delivery (webhooks deliveries lists them)"),
                        value("since", "TIME", "RFC 3339 time, e.g. 2026-12-07T10:00:00Z"),
                        value("until", "TIME", "end of the range (default: now)")),
                Commands::webhookReplay));
        t.add(new Command("webhooks deliveries", "<id>", "a webhook's recent deliveries", List.of(LIMIT),
                Commands::webhookDeliveries));
        t.add(new Command("webhooks delete", "<id>", "delete a webhook", List.of(), (c, a) -> {
            String id = a.atMost(1).arg(0, "webhook id");
            c.api().webhooks().delete(id);
            return done(c, "deleted webhook " + id, Map.of("deleted", id));
        }));

        t.add(new Command("mcp", "", "a stdio MCP server for clients that launch a process (bridges to the api's /mcp)",
                List.of(), McpBridge::run));
        t.add(new Command("profiles list", "", "the profiles of ~/.config/mailroom/config", List.of(),
                Profiles::list));
        t.add(new Command("profiles set", "<name>", "add or change a profile (the file is private to you)",
                List.of(value("url", "URL", "the API endpoint"), value("key", "KEY", "the API key ('-': stdin)")),
                Profiles::set));
        t.add(new Command("profiles remove", "<name>", "remove a profile", List.of(), Profiles::remove));
        t.add(new Command("whoami", "", "the endpoint, profile and key source this command line would use",
                List.of(), Profiles::whoami));
        t.add(new Command("completion", "bash|zsh", "the shell completion script (source it)", List.of(),
                Completion::run));
        return List.copyOf(t);
    }

    // ---- helpers ----

    static int limit(Args a) {
        Integer n = a.integer("limit");
        if (n != null && n < 1) {
            throw Exit.usage("--limit must be 1 or more");
        }
        return n == null ? 100 : n;
    }

    static ListParams page(Args a) {
        return ListParams.create().limit(Math.min(limit(a), 100));
    }

    /** Lists {@code items} (at most --limit) as a JSON array or a table. */
    static <T> int list(Context c, Args a, Iterable<T> items, Function<T, JsonObject> json, List<String> columns,
            Function<T, List<String>> row) {
        int max = limit(a);
        List<T> taken = new ArrayList<>();
        for (T item : items) {
            if (taken.size() >= max) {
                break;
            }
            taken.add(item);
        }
        if (c.json()) {
            c.out().json(taken.stream().map(json).toList());
        } else {
            c.out().table(columns, taken.stream().map(row).toList());
        }
        return Exit.OK;
    }

    static int done(Context c, String human, Object json) {
        if (c.json()) {
            c.out().json(json);
        } else {
            c.out().line(human);
        }
        return Exit.OK;
    }

    /** {@code 2026-12-07T21:15:08.123Z} as {@code 2026-12-07 21:15:08}. */
    static String when(String t) {
        if (t == null || t.length() < 19 || t.charAt(10) != 'T') {
            return t;
        }
        return t.substring(0, 10) + " " + t.substring(11, 19);
    }

    static String address(JsonObject a) {
        if (a == null || a.string("address") == null) {
            return null;
        }
        String name = a.string("name");
        return name == null || name.isEmpty() ? a.string("address") : name + " <" + a.string("address") + ">";
    }

    static String addresses(List<JsonObject> list) {
        return String.join(", ", list.stream().map(Commands::address).filter(s -> s != null).toList());
    }

    /** Text from mail (untrusted): every control character but newline and tab removed, so no terminal escapes. */
    static String untrusted(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '\n' || cp == '\t' || !(Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029
                    || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))) {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    // ---- domains ----

    private static int domainsList(Context c, Args a) {
        a.atMost(0);
        return list(c, a, c.api().domains().list(page(a)), j -> j, List.of("name", "can send", "dkim verified",
                "created"), d -> List.of(d.string("name"), yes(d.bool("can_send")), yes(d.bool("dkim_verified")),
                        when(d.string("created_at"))));
    }

    private static String yes(Boolean b) {
        return b == null ? "-" : b ? "yes" : "no";
    }

    private static int domainsAdd(Context c, Args a) {
        String name = a.atMost(1).arg(0, "domain name");
        JsonObject d = c.api().domains().create(name, a.has("require-verified-dkim") ? Boolean.TRUE : null);
        domainView(c, d);
        c.out().note("Publish its records (mailroom domains zone " + name + "), then: mailroom domains verify " + name);
        return Exit.OK;
    }

    private static int domainsRecords(Context c, Args a) {
        JsonObject d = c.api().domains().get(a.atMost(1).arg(0, "domain name"));
        if (c.json()) {
            c.out().json(d.objects("records"));
        } else {
            records(c, d, true);
        }
        return Exit.OK;
    }

    private static void records(Context c, JsonObject d, boolean full) {
        List<List<String>> rows = d.objects("records").stream()
                .map(r -> List.of(s(r.string("purpose")), s(r.string("type")), s(r.string("name")),
                        s(r.string("value")), s(r.string("status")))).toList();
        if (full) {
            c.out().fullTable(List.of("purpose", "type", "name", "value", "status"), rows);
        } else {
            c.out().table(List.of("purpose", "type", "name", "value", "status"), rows);
            c.out().note("(values cut: mailroom domains records " + d.string("name") + " or zone "
                    + d.string("name") + " shows them whole)");
        }
    }

    private static String s(String v) {
        return v == null ? "-" : v;
    }

    static int domainView(Context c, JsonObject d) {
        if (c.json()) {
            c.out().json(d);
            return Exit.OK;
        }
        c.out().fields(List.of(new String[] {"domain", d.string("name")},
                new String[] {"can send", yes(d.bool("can_send"))},
                new String[] {"dkim verified", yes(d.bool("dkim_verified"))},
                new String[] {"require verified dkim", yes(d.bool("require_verified_dkim"))},
                new String[] {"created", when(d.string("created_at"))},
                new String[] {"verified", when(d.string("verified_at"))}));
        if (!d.objects("keys").isEmpty()) {
            c.out().line("");
            c.out().table(List.of("selector", "algorithm", "status", "signing"), d.objects("keys").stream()
                    .map(k -> List.of(s(k.string("selector")), s(k.string("algorithm")), s(k.string("status")),
                            yes(k.bool("signing")))).toList());
        }
        if (!d.objects("records").isEmpty()) {
            c.out().line("");
            records(c, d, false);
        }
        return Exit.OK;
    }

    private static int domainsPublish(Context c, Args a) {
        JsonObject p = c.api().domains().publish(a.atMost(1).arg(0, "domain name"));
        if (c.json()) {
            c.out().json(p);
        } else {
            c.out().fields(List.of(new String[] {"status", p.string("status")}, new String[] {"error", p.string("error")},
                    new String[] {"at", when(p.string("at"))}));
            p.array("changes").forEach(ch -> c.out().line("  " + (ch instanceof Map<?, ?> ? Output.compact(ch)
                    : String.valueOf(ch))));
        }
        return "failed".equals(p.string("status")) ? Exit.API_ERROR : Exit.OK;
    }

    // ---- keys ----

    private static int keysList(Context c, Args a) {
        a.atMost(0);
        return list(c, a, c.api().apiKeys().list(page(a)), ApiKey::json,
                List.of("id", "name", "permissions", "domains", "rate/min", "created"),
                k -> List.of(k.id(), s(k.name()), String.join(",", k.permissions()),
                        k.domains().isEmpty() ? "all" : String.join(",", k.domains()),
                        k.ratePerMinute() == null ? "-" : k.ratePerMinute().toString(),
                        when(k.json().string("created_at"))));
    }

    private static int keysCreate(Context c, Args a) {
        a.atMost(0);
        CreateApiKeyParams p = CreateApiKeyParams.named(a.need("name"));
        if (!a.all("permission").isEmpty()) {
            p = p.withPermissions(a.all("permission").toArray(String[]::new));
        }
        if (!a.all("domain").isEmpty()) {
            p = p.withDomains(a.all("domain").toArray(String[]::new));
        }
        if (a.has("rate")) {
            p = p.withRatePerMinute(a.integer("rate"));
        }
        ApiKey k = c.api().apiKeys().create(p);
        if (c.json()) {
            c.out().json(k.json());
        } else {
            c.out().fields(List.of(new String[] {"id", k.id()}, new String[] {"name", k.name()},
                    new String[] {"permissions", String.join(",", k.permissions())},
                    new String[] {"domains", k.domains().isEmpty() ? "all" : String.join(",", k.domains())},
                    new String[] {"token", k.token()}));
            c.out().note("The token is shown only now: keep it (e.g. mailroom profiles set NAME --url URL --key -).");
        }
        return Exit.OK;
    }

    // ---- agents ----

    private static int agentsList(Context c, Args a) {
        a.atMost(0);
        return list(c, a, c.api().agents().list(page(a)), j -> j,
                List.of("class", "kind", "instances", "send policy", "addresses"),
                g -> List.of(s(g.string("class")), s(g.string("kind")), s(g.string("instances")),
                        s(g.string("send_policy")), String.join(",", g.strings("addresses"))));
    }

    private static int agentsRegister(Context c, Args a) {
        a.atMost(0);
        String name = a.need("name");
        String secret = a.get("secret", c.env().get("MAILROOM_AGENT_SECRET"));
        boolean generated = secret == null || secret.isEmpty();
        if (generated) {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            secret = HexFormat.of().formatHex(bytes);
        }
        AgentDefinition def = AgentDefinition.webhook(name, a.need("url"), secret);
        if (!a.all("address").isEmpty()) {
            def = def.withAddresses(a.all("address").toArray(String[]::new));
        }
        if (a.get("timeout") != null && !a.get("timeout").isEmpty()) {
            def = def.withTimeout(Args.duration(a.get("timeout"), "--timeout"));
        }
        JsonObject agent = c.api().agents().create(def);
        if (c.json()) {
            c.out().json(agent);
        } else {
            c.out().fields(List.of(new String[] {"class", agent.string("name")},
                    new String[] {"addresses", String.join(", ", agent.strings("addresses"))},
                    new String[] {"webhook", agent.object("webhook").string("url")},
                    new String[] {"secret", generated ? secret : null}));
        }
        if (generated) {
            c.out().note("The secret was generated: your webhook verifies X-Mailroom-Signature with it.");
        }
        return Exit.OK;
    }

    private static int instances(Context c, Args a) {
        String cls = a.atMost(1).arg(0, "agent class");
        return list(c, a, c.api().agents().instances(cls, page(a)), j -> j,
                List.of("instance", "address", "created", "updated"),
                i -> List.of(s(i.string("instance")), s(i.string("address")), when(i.string("created_at")),
                        when(i.string("updated_at"))));
    }

    // ---- threads, messages, search ----

    private static int threads(Context c, Args a) {
        a.atMost(2);
        if (a.positionals().size() == 1) {
            throw Exit.usage("give both <class> and <instance>, or neither");
        }
        if (a.positionals().size() == 2) {
            return list(c, a, c.api().agents().threads(a.arg(0, "class"), a.arg(1, "instance"), page(a)), j -> j,
                    List.of("id", "subject", "messages"),
                    t -> List.of(t.string("id"), s(untrusted(t.string("subject"))),
                            Integer.toString(t.array("messages").size())));
        }
        ListParams p = page(a).mailbox(a.get("mailbox")).folder(a.get("folder")).label(a.get("label"));
        return threadSummaries(c, a, c.api().threads().list(p));
    }

    private static int threadSummaries(Context c, Args a, Iterable<JsonObject> items) {
        return list(c, a, items, j -> j, List.of("id", "last", "from", "subject", "msgs", "unread", "flags"),
                t -> List.of(t.string("id"), when(t.string("last_message_at")),
                        participants(t), s(untrusted(t.string("subject"))), s(t.string("message_count")),
                        s(t.string("unread_count")), flags(t)));
    }

    private static String participants(JsonObject t) {
        List<String> names = new ArrayList<>();
        for (JsonObject p : t.objects("participants")) {
            String n = p.string("name") != null && !p.string("name").isEmpty() ? p.string("name") : p.string("address");
            if (n != null) {
                names.add(untrusted(n));
            }
        }
        return names.isEmpty() ? "-" : String.join(", ", names);
    }

    private static String flags(JsonObject t) {
        List<String> f = new ArrayList<>();
        if (Boolean.TRUE.equals(t.bool("needs_reply"))) {
            f.add("needs-reply");
        }
        Long drafts = t.longValue("drafts_pending");
        if (drafts != null && drafts > 0) {
            f.add("draft");
        }
        if (t.string("delivery_problem") != null) {
            f.add("delivery:" + t.string("delivery_problem"));
        }
        if (Boolean.TRUE.equals(t.bool("has_attachments"))) {
            f.add("attachment");
        }
        return f.isEmpty() ? "-" : String.join(",", f);
    }

    private static int threadShow(Context c, Args a) {
        JsonObject t = c.api().threads().get(a.atMost(1).arg(0, "thread id"));
        if (c.json()) {
            c.out().json(t);
            return Exit.OK;
        }
        c.out().fields(List.<String[]>of(new String[] {"thread", t.string("id")},
                new String[] {"subject", untrusted(t.string("subject"))}));
        c.out().line("");
        c.out().table(List.of("id", "at", "dir", "from", "subject", "status"), t.objects("messages").stream()
                .map(m -> List.of(m.string("id"), when(m.string("at")), s(m.string("direction")),
                        s(untrusted(address(m.object("from")))), s(untrusted(m.string("subject"))),
                        s(m.string("status")))).toList());
        return Exit.OK;
    }

    private static int read(Context c, Args a) {
        String id = a.atMost(1).arg(0, "message id");
        if (a.has("raw")) {
            byte[] raw = c.api().messages().raw(id);
            c.out().out().write(raw, 0, raw.length);
            c.out().out().flush();
            return Exit.OK;
        }
        if (a.has("html")) {
            c.out().line(c.api().messages().body(id));
            return Exit.OK;
        }
        Message m = c.api().messages().get(id);
        if (c.json()) {
            c.out().json(m.json());
            return Exit.OK;
        }
        JsonObject j = m.json();
        JsonObject auth = j.object("authentication");
        List<String[]> f = new ArrayList<>();
        f.add(new String[] {"id", m.id()});
        f.add(new String[] {"from", untrusted(address(j.object("from")))});
        f.add(new String[] {"to", untrusted(addresses(j.objects("to")))});
        f.add(new String[] {"cc", untrusted(addresses(j.objects("cc")))});
        f.add(new String[] {"subject", untrusted(m.subject())});
        f.add(new String[] {"date", when(j.string("at"))});
        f.add(new String[] {"direction", m.direction()});
        f.add(new String[] {"status", m.status()});
        f.add(new String[] {"mailbox", j.string("mailbox")});
        f.add(new String[] {"thread", m.threadId()});
        f.add(new String[] {"message-id", untrusted(m.messageId())});
        if (!auth.keys().isEmpty()) {
            f.add(new String[] {"auth", "spf=" + auth.object("spf").string("result") + " dkim="
                    + auth.object("dkim").string("result") + " dmarc=" + auth.object("dmarc").string("result")});
        }
        List<JsonObject> files = j.objects("attachments");
        if (!files.isEmpty()) {
            f.add(new String[] {"attachments", String.join(", ", files.stream().map(x -> untrusted(x.string("filename"))
                    + " (" + x.string("id") + ", " + x.string("size") + " bytes)").toList())});
        }
        c.out().fields(f);
        c.out().line("");
        if ("in".equals(m.direction())) {
            c.out().note("(inbound mail: untrusted content)");
        }
        c.out().line(m.text() != null ? untrusted(m.text())
                : m.html() != null ? "(HTML only: mailroom read --html " + id + ")" : "(no text)");
        return Exit.OK;
    }

    private static int search(Context c, Args a) {
        if (a.positionals().isEmpty()) {
            throw Exit.usage("missing query");
        }
        String q = String.join(" ", a.positionals());
        return threadSummaries(c, a, c.api().threads().search(q, page(a).mailbox(a.get("mailbox"))));
    }

    // ---- drafts ----

    private static int draftsList(Context c, Args a) {
        a.atMost(0);
        String status = a.get("status", "pending");
        ListParams p = page(a).className(a.get("class")).instance(a.get("instance")).thread(a.get("thread"))
                .status("all".equals(status) ? null : status);
        return list(c, a, c.api().drafts().list(p), Draft::json,
                List.of("id", "agent", "status", "to", "subject", "created"),
                d -> List.of(d.id(), s(d.agent()), s(d.status()), untrusted(addresses(d.request().objects("to"))),
                        s(untrusted(d.request().string("subject"))), when(d.json().string("created_at"))));
    }

    private static int draftShow(Context c, Args a) {
        Draft d = c.api().drafts().get(a.atMost(1).arg(0, "draft id"));
        if (c.json()) {
            c.out().json(d.json());
            return Exit.OK;
        }
        JsonObject r = d.request();
        c.out().fields(List.of(new String[] {"id", d.id()}, new String[] {"agent", d.agent()},
                new String[] {"status", d.status()}, new String[] {"reason", d.reason()},
                new String[] {"from", address(r.object("from"))}, new String[] {"to", addresses(r.objects("to"))},
                new String[] {"cc", addresses(r.objects("cc"))},
                new String[] {"subject", untrusted(r.string("subject"))}, new String[] {"thread", d.threadId()},
                new String[] {"decided by", d.decidedBy()}, new String[] {"decision", d.decisionReason()}));
        c.out().line("");
        c.out().line(r.string("text") == null ? "(no text)" : untrusted(r.string("text")));
        return Exit.OK;
    }

    private static int draftApprove(Context c, Args a) throws Exception {
        String id = a.atMost(1).arg(0, "draft id");
        String text = a.get("text");
        if ("-".equals(text)) {
            text = new String(c.stdin().readAllBytes(), StandardCharsets.UTF_8);
        }
        if (a.has("edit")) {
            Draft d = c.api().drafts().get(id);
            text = edit(c, text != null ? text : d.request().string("text"));
            if (text.isBlank()) {
                throw new Exit.Failure(Exit.USAGE, "empty text: draft " + id + " not approved");
            }
        }
        DraftApproval edits = new DraftApproval(a.get("subject"), text, a.get("html"),
                a.all("to").isEmpty() ? null : a.all("to"));
        JsonObject r = c.api().drafts().approve(id, edits);
        return done(c, "approved draft " + id + (r.string("send_id") != null ? " (send " + r.string("send_id") + ")"
                : r.string("id") != null && !id.equals(r.string("id")) ? " (send " + r.string("id") + ")" : ""), r);
    }

    /** Opens {@code text} in $VISUAL, else $EDITOR, else vi; the file's content when the editor exits 0. */
    static String edit(Context c, String text) throws Exception {
        String editor = c.env().getOrDefault("VISUAL", c.env().getOrDefault("EDITOR", "vi"));
        Path file = Files.createTempFile("mailroom-draft-", ".txt");
        try {
            Files.writeString(file, text == null ? "" : text, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("sh", "-c", editor + " \"$1\"", "sh", file.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new Exit.Failure(Exit.USAGE, "the editor (" + editor + ") failed: nothing approved");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // ---- webhooks ----

    private static int webhooksList(Context c, Args a) {
        a.atMost(0);
        List<Webhook> hooks = c.api().webhooks().list();
        if (c.json()) {
            c.out().json(hooks.stream().map(Webhook::json).toList());
        } else {
            c.out().table(List.of("id", "url", "events", "filter", "enabled"), hooks.stream()
                    .map(w -> List.of(w.id(), w.url(), w.eventTypes().isEmpty() ? "all" : String.join(",",
                            w.eventTypes()), w.mailboxId() != null ? "mailbox " + w.mailboxId()
                                    : w.domain() != null ? "domain " + w.domain() : "-",
                            Boolean.FALSE.equals(w.enabled()) ? "no (" + s(w.disabledReason()) + ")" : "yes"))
                    .toList());
        }
        return Exit.OK;
    }

    private static int webhookView(Context c, Webhook w) {
        if (c.json()) {
            c.out().json(w.json());
            return Exit.OK;
        }
        c.out().fields(List.of(new String[] {"id", w.id()}, new String[] {"url", w.url()},
                new String[] {"events", w.eventTypes().isEmpty() ? "all" : String.join(", ", w.eventTypes())},
                new String[] {"mailbox", w.mailboxId()}, new String[] {"domain", w.domain()},
                new String[] {"description", w.description()}, new String[] {"enabled", yes(w.enabled())},
                new String[] {"disabled", w.disabledReason()}, new String[] {"secret", w.secret()}));
        if (w.secret() != null) {
            c.out().note("The secret is shown only now: receivers verify the webhook-signature header with it.");
        }
        return Exit.OK;
    }

    private static int webhookTest(Context c, Args a) throws InterruptedException {
        String id = a.atMost(1).arg(0, "webhook id");
        List<JsonObject> latest = c.api().webhooks().deliveries(id, null, 1).objects("items");
        if (latest.isEmpty()) {
            throw new Exit.Failure(Exit.NOT_FOUND, "webhook " + id + " has no delivery yet to test with: make an "
                    + "event happen (e.g. mailroom send ...), then run this again");
        }
        String delivery = latest.get(0).string("id");
        c.api().webhooks().replayDelivery(id, delivery);
        Duration timeout = a.get("timeout") == null || a.get("timeout").isEmpty() ? Duration.ofSeconds(30)
                : Args.duration(a.get("timeout"), "--timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        c.out().note("replaying delivery " + delivery + " (" + latest.get(0).string("event_type") + ") to webhook "
                + id + " ...");
        while (true) {
            JsonObject d = c.api().webhooks().deliveries(id, null, 20).objects("items").stream()
                    .filter(x -> delivery.equals(x.string("id"))).findFirst().orElse(JsonObject.empty());
            String status = d.string("status");
            Long attempts = d.longValue("attempts");
            // the replay set attempts to 0: one attempt since tells the outcome (pending again: it failed, retried later)
            if ("delivered".equals(status) || "failed".equals(status) || (attempts != null && attempts > 0)) {
                if (c.json()) {
                    c.out().json(d);
                } else {
                    c.out().fields(List.of(new String[] {"delivery", delivery}, new String[] {"status", status},
                            new String[] {"http status", d.string("last_status_code")},
                            new String[] {"error", d.string("last_error")},
                            new String[] {"attempts", d.string("attempts")}));
                }
                return "delivered".equals(status) ? Exit.OK : Exit.API_ERROR;
            }
            if (System.nanoTime() >= deadline) {
                c.out().note("no outcome within " + timeout.toSeconds() + " s (status " + s(status) + ")");
                return Exit.TIMEOUT;
            }
            Thread.sleep(500);
        }
    }

    private static int webhookReplay(Context c, Args a) {
        String id = a.atMost(1).arg(0, "webhook id");
        if (a.has("delivery") == a.has("since")) {
            throw Exit.usage("give --delivery ID or --since TIME");
        }
        if (a.has("delivery")) {
            JsonObject d = c.api().webhooks().replayDelivery(id, a.get("delivery"));
            return done(c, "delivery " + a.get("delivery") + " queued again", d);
        }
        java.time.Instant since = instant(a.get("since"), "--since");
        java.time.Instant until = a.has("until") ? instant(a.get("until"), "--until") : null;
        JsonObject r = c.api().webhooks().replay(id, since, until);
        return done(c, "replayed " + r.string("replayed") + " event(s)", r);
    }

    private static java.time.Instant instant(String s, String what) {
        try {
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw Exit.usage(what + ": not an RFC 3339 time: " + s + " (e.g. 2026-12-07T10:00:00Z)");
        }
    }

    private static int webhookDeliveries(Context c, Args a) {
        String id = a.atMost(1).arg(0, "webhook id");
        List<JsonObject> items = c.api().webhooks().deliveries(id, null, Math.min(limit(a), 100)).objects("items");
        if (c.json()) {
            c.out().json(items);
        } else {
            c.out().table(List.of("id", "event", "type", "status", "attempts", "http", "last attempt"),
                    items.stream().map(d -> List.of(d.string("id"), s(d.string("event_id")), s(d.string("event_type")),
                            s(d.string("status")), s(d.string("attempts")), s(d.string("last_status_code")),
                            when(d.string("last_attempt_at")))).toList());
        }
        return Exit.OK;
    }

    /** For tests: a JSON object from pairs. */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
