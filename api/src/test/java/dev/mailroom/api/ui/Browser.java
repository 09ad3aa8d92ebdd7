package dev.mailroom.api.ui;

import static io.restassured.RestAssured.given;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** What the inbox app does over HTTP: sign in, then call the API with the cookie and the CSRF token. */
final class Browser {

    /** A signed-in session: the cookie's value, the CSRF token, and the {@code Set-Cookie} line it came with. */
    record Session(String id, String csrf, String setCookie) {

        /** A request with the cookie (no token). */
        RequestSpecification get() {
            return given().cookie(SessionHttp.COOKIE, id);
        }

        /** An unsafe request as the app makes it: cookie, token, JSON. */
        RequestSpecification unsafe() {
            return given().cookie(SessionHttp.COOKIE, id).header(SessionHttp.CSRF_HEADER, csrf)
                    .contentType(ContentType.JSON);
        }
    }

    private Browser() {
    }

    static Response signInAnswer(String apiKey) {
        return given().contentType(ContentType.JSON).body("{\"api_key\":\"" + apiKey + "\"}").post("/ui/session");
    }

    static Session signIn(String apiKey) {
        Response answer = signInAnswer(apiKey);
        answer.then().statusCode(200);
        return new Session(answer.cookie(SessionHttp.COOKIE), answer.jsonPath().getString("csrf_token"),
                answer.header("Set-Cookie"));
    }

    /** An answer read off a raw connection. */
    record Raw(int status, List<String> headers, String body) {

        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).trim()).findFirst().orElse(null);
        }

        String cookie() {
            String set = header("Set-Cookie");
            return set == null ? null : set.substring(set.indexOf('=') + 1, set.indexOf(';'));
        }
    }

    /** A loopback address of its own (127.x.y.z): a client the sign-in limit has not seen. */
    static String freshClientAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + r.nextInt(1, 255) + "." + r.nextInt(0, 256) + "." + r.nextInt(1, 255);
    }

    /** {@code POST /ui/session} from the local address {@code client}. */
    static Raw signInFrom(String client, String apiKey) throws IOException {
        byte[] body = ("{\"api_key\":\"" + apiKey + "\"}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(client, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /ui/session HTTP/1.1\r\nHost: 127.0.0.1:" + RestAssured.port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, split).split("\r\n");
            List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(split + 4));
        }
    }
}
