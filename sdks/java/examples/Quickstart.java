import dev.mailroom.sdk.Mailroom;
import dev.mailroom.sdk.Message;
import dev.mailroom.sdk.SendAccepted;
import dev.mailroom.sdk.SendParams;
import dev.mailroom.sdk.WaitParams;
import dev.mailroom.sdk.WaitedMessage;

import java.time.Duration;
import java.util.Optional;

public class Quickstart {
    public static void main(String[] args) {
        String from = System.getenv().getOrDefault("MAILROOM_FROM", "app@agents.localhost");
        String to = System.getenv().getOrDefault("MAILROOM_TO", "customer@example.org");

        // apiKey and baseUrl default to MAILROOM_API_KEY and MAILROOM_BASE_URL (else http://127.0.0.1:8080)
        Mailroom mr = Mailroom.builder()
                .apiKey(System.getenv("MAILROOM_API_KEY"))
                .baseUrl(System.getenv("MAILROOM_BASE_URL"))
                .build();

        SendAccepted sent = mr.emails().send(SendParams.builder()
                .from(from).to(to).subject("Hello from the Java SDK").text("It works.").build());
        System.out.println("sent " + sent.id());

        Message status = mr.emails().get(sent.id());
        System.out.println("status " + status.status());

        // the next message to reach the instance Echo/t1 (send one: echo+t1@agents.localhost)
        Optional<WaitedMessage> msg = mr.agents().waitForReply("Echo", "t1",
                WaitParams.timeout(Duration.ofSeconds(30)));
        System.out.println(msg.map(m -> "got \"" + m.subject() + "\" from " + m.from() + " in thread " + m.threadId())
                .orElse("no message within 30 s"));
    }
}
