package dev.mailroom.sdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import dev.mailroom.sdk.JsonObject;

/** The examples work: the echo agent answers a signed request over HTTP; the README's Quickstart compiles. */
class ExamplesTest {

    static final String SECRET = "example-secret-0123456789";

    @Test
    void theEchoAgentAnswersASignedEmailEvent() throws Exception {
        HttpServer server = EchoAgentServer.start(0, SECRET);
        try {
            byte[] body = ("{\"v\":1,\"event\":\"email\",\"id\":\"r-9\",\"agent\":{\"class_name\":\"JavaEcho\","
                    + "\"instance\":\"t1\"},\"email\":{\"message\":{\"subject\":\"Hi\",\"text\":\"ping\\n\"}},"
                    + "\"state\":{\"count\":4}}").getBytes(StandardCharsets.UTF_8);
            String ts = Long.toString(Instant.now().getEpochSecond());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((ts + ".").getBytes(StandardCharsets.UTF_8));
            String sig = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/agent"))
                    .header("X-Mailroom-Timestamp", ts).header("X-Mailroom-Signature", sig)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonObject answer = JsonObject.parse(r.body());
            assertEquals("Echo (5): ping", answer.objects("replies").get(0).string("text"));
            assertEquals(5L, answer.object("state").longValue("count"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theQuickstartCompilesAndTheReadmeShowsItWhole(@TempDir Path out) throws Exception {
        Path quickstart = Path.of("examples", "Quickstart.java");
        String source = Files.readString(quickstart);
        assertTrue(Files.readString(Path.of("README.md")).contains(source.strip()),
                "README.md must show examples/Quickstart.java verbatim");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, new PrintStream(errors), "-d", out.toString(), "-cp",
                System.getProperty("java.class.path"), quickstart.toString());
        assertEquals(0, rc, errors.toString());
        assertTrue(Files.exists(out.resolve("Quickstart.class")), List.of(out.toFile().list()).toString());
    }
}
