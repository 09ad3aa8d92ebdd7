package dev.mailroom.agenthost.rest;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.mailroom.agenthost.model.WebhookAgentRow;
import dev.mailroom.agenthost.service.AgentDirectory;
import dev.mailroom.agenthost.service.WebhookAgentService;
import dev.mailroom.contract.AgentRecord;

/** JSON shapes of an agent class's definition: {@code POST/PUT /v1/agents[/{name}]} and {@code GET /v1/agents/{name}}. */
final class AgentDefinitions {

    private AgentDefinitions() {
    }

    /** The body of POST and PUT: {@code address} (one) or {@code addresses} (several); default the name, lower case. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record AgentRequest(String name, String address, List<String> addresses, WebhookRequest webhook) {

        WebhookAgentService.Spec spec(String pathName) {
            List<String> all = addresses != null ? addresses : address != null ? List.of(address) : null;
            WebhookRequest w = webhook != null ? webhook : new WebhookRequest(null, null, null);
            return new WebhookAgentService.Spec(pathName != null && name == null ? pathName : name, all, w.url(),
                    w.secret(), w.timeout());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record WebhookRequest(String url, String secret, String timeout) {
    }

    /** A class as the API shows it; never the webhook's secret. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AgentView(String name, String kind, String source, List<String> addresses, WebhookView webhook,
            String sendPolicy) {

        static AgentView of(AgentRecord record, AgentDirectory.Source source, WebhookAgentRow row, String sendPolicy) {
            return new AgentView(record.name(), record.kind(), Views.lower(source), record.addresses(),
                    row == null ? null : new WebhookView(row.url(), duration(row.timeout())), sendPolicy);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record WebhookView(String url, String timeout) {
    }

    /** {@code 10s}, {@code 1500ms}: as in configuration. */
    static String duration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
