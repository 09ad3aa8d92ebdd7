package dev.mailroom.api.mcp;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mailroom.api.upstream.OwnerCalls;
import dev.mailroom.api.upstream.OwnerCalls.Call;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.Annotations;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;

/**
 * Sending domains: the api's own {@code /v1/domains} ({@code rest/DomainsResource}), asked over HTTP on the api's own
 * port with the caller's key, so the permission {@code domains}, the key's domain scope (another key's domain is
 * "not found") and the views are exactly the REST API's. Each such call counts once more on the key's rate.
 */
@ApplicationScoped
public class DomainTools {

    private final OwnerCalls owners;
    private final McpCaller who;

    public DomainTools(OwnerCalls owners, McpCaller who) {
        this.owners = owners;
        this.who = who;
    }

    @Tool(name = "list_domains", description = "The sending domains of this API key: whether each can send, DKIM"
            + " verified, and the DNS records to publish with their last verification status.",
            annotations = @Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.DomainList.class))
    public Uni<McpViews.DomainList> listDomains(
            @ToolArg(description = "nextPageToken of the previous answer", required = false) String pageToken) {
        String token = who.token();
        return ToolOutcomes.guarded(owners.self(who.self(), token, Call.get("/v1/domains").param("limit", 200)
                .param("page_token", pageToken)).map(ToolOutcomes::json).map(McpViews::domains), "list_domains");
    }

    @Tool(name = "add_domain", description = "Add a sending domain: creates its DKIM keys and answers the DNS records"
            + " to publish (then verify_domain).",
            annotations = @Annotations(readOnlyHint = false, destructiveHint = false, idempotentHint = false,
                    openWorldHint = false),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.DomainItem.class))
    public Uni<McpViews.DomainItem> addDomain(@ToolArg(description = "the domain, e.g. mail.example.org") String name,
            @ToolArg(description = "send only once its DKIM records are verified (default true)", required = false)
            Boolean requireVerifiedDkim) {
        String token = who.token();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", MailTools.req(name, "name"));
        if (requireVerifiedDkim != null) {
            body.put("require_verified_dkim", requireVerifiedDkim);
        }
        return ToolOutcomes.guarded(owners.self(who.self(), token, Call.of(HttpMethod.POST, "/v1/domains", body))
                .map(ToolOutcomes::json).map(McpViews::domain), "add_domain");
    }

    @Tool(name = "verify_domain", description = "Look the domain's records up in DNS now: each found, missing,"
            + " different or error; the domain sends once its DKIM records are found.",
            annotations = @Annotations(readOnlyHint = false, destructiveHint = false, idempotentHint = true,
                    openWorldHint = true),
            structuredContent = true, outputSchema = @OutputSchema(from = McpViews.DomainItem.class))
    public Uni<McpViews.DomainItem> verifyDomain(@ToolArg(description = "the domain") String name) {
        String token = who.token();
        String path = "/v1/domains/" + OwnerCalls.enc(MailTools.req(name, "name")) + "/verify";
        return ToolOutcomes.guarded(owners.self(who.self(), token, Call.of(HttpMethod.POST, path, null))
                .map(ToolOutcomes::json).map(McpViews::domain), "verify_domain");
    }
}
