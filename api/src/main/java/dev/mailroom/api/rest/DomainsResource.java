package dev.mailroom.api.rest;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.mailroom.api.domain.DnsPublisher;
import dev.mailroom.api.domain.DomainNames;
import dev.mailroom.api.domain.DomainVerifier;
import dev.mailroom.api.domain.SigningKeys;
import dev.mailroom.api.model.Domain;
import dev.mailroom.api.model.DomainKey;
import dev.mailroom.api.service.Domains;
import dev.mailroom.platform.auth.Caller;
import dev.mailroom.platform.auth.CurrentCaller;
import dev.mailroom.platform.auth.Permission;
import dev.mailroom.platform.crypto.MasterKeys;
import dev.mailroom.platform.page.Page;
import dev.mailroom.platform.page.PageToken;
import dev.mailroom.platform.problem.ApiException;
import dev.mailroom.platform.problem.Problem;
import io.smallrye.mutiny.Uni;

/**
 * {@code /v1/domains}: the domain store (ADR 0033). A domain gets its DKIM keys at creation; its records are what
 * to publish in DNS, each with its status from the last verification. Every operation needs the {@code domains}
 * permission and acts within the key's domains (admin keys: every domain); another key's domain is {@code 404}, as
 * if it did not exist.
 */
@Path("/v1/domains")
@Tag(name = "domains", description = "Sending domains: DKIM keys, the records to publish, verification")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DomainsResource {

    @JsonIgnoreProperties(ignoreUnknown = false)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CreateDomain(String name, Boolean requireVerifiedDkim) {
    }

    /** A DKIM key of a domain (never its private half). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KeyView(String selector, String algorithm, String status, boolean signing, Instant createdAt,
            Instant publishedAt, Instant retiringAt, Instant retiredAt) {
    }

    /**
     * A record to publish: {@code value} as a person reads it, {@code rdata} in zone-file form (TXT split in quoted
     * strings of at most 255 octets); {@code status} from the last verification ({@code unverified} before one).
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record RecordView(String purpose, String name, String type, String value, String rdata, int ttl,
            String status, List<String> found, String detail) {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DnsUpdateJson(String server, String zone, String keyName, String keyAlgorithm, String keySecret) {
    }

    /** The RFC 2136 publication of a domain (never its secret) and its last outcome. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DnsUpdateView(String server, String zone, String keyName, String keyAlgorithm, Instant publishedAt,
            Domains.Publication lastPublication) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DomainView(String name, boolean requireVerifiedDkim, boolean dkimVerified, boolean canSend,
            Instant createdAt, Instant verifiedAt, List<KeyView> keys, List<RecordView> records,
            DnsUpdateView dnsUpdate) {
    }

    private static final Pattern SERVER = Pattern.compile(
            "(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+)(:\\d{1,5})?");
    private static final Pattern ZONE = Pattern.compile(
            "[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*");

    private final Domains domains;
    private final MasterKeys masterKeys;
    private final CurrentCaller current;

    public DomainsResource(Domains domains, MasterKeys masterKeys, CurrentCaller current) {
        this.domains = domains;
        this.masterKeys = masterKeys;
        this.current = current;
    }

    @POST
    @Operation(operationId = "createDomain", summary = "Add a sending domain", description = "Permission domains, for a domain of the key (admin:"
            + " any). Creates an RSA-2048 and an Ed25519 DKIM key (selectors mr<yyyyMM>r and mr<yyyyMM>e) and"
            + " answers 201 with the records to publish. 409 when it exists; 403 for a domain outside the key's;"
            + " 503 when no master key is configured to encrypt the private keys.")
    @APIResponse(responseCode = "201", description = "Created, with the records to publish", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DomainView.class)))
    @APIResponse(responseCode = "409", description = "domain-exists: the domain is in the store already")
    public Uni<Response> create(CreateDomain body) {
        Caller caller = permitted();
        String name = name(body == null ? null : body.name());
        if (!caller.covers(name)) {
            throw ApiException.forbidden("this key may not add " + name + ": it acts for " + caller.domains());
        }
        requireMasterKey();
        return domains.create(name, body.requireVerifiedDkim())
                .onFailure(Domains.DomainExists.class).transform(e -> new ApiException(Problem.of(409,
                        "domain-exists", "Domain exists", name + " is already in the domain store")))
                .map(d -> Response.created(URI.create("/v1/domains/" + name)).entity(view(d)).build());
    }

    @GET
    @Operation(operationId = "listDomains", summary = "List the sending domains with their keys and records", description = "Permission"
            + " domains: the key's domains (admin: every domain), by name, in pages of limit (default 50, at most"
            + " 200); next_page_token resumes after the last one (pass it as page_token).")
    public Uni<Page<DomainView>> list(@QueryParam("limit") Integer limit, @QueryParam("page_token") String pageToken) {
        Caller caller = permitted();
        int size = PageToken.limit(limit);
        String after = PageToken.decode(pageToken);
        List<String> only = caller.coversEveryDomain() ? null
                : caller.domains();
        return domains.page(after, only, size + 1)
                .map(list -> Page.of(list.stream().map(this::view).toList(), size, DomainView::name));
    }

    @GET
    @Path("/{name}")
    @Operation(operationId = "getDomain", summary = "A domain: its keys and the records to publish, each with its last verification status")
    public Uni<DomainView> get(@PathParam("name") String name) {
        String n = pathName(name);
        return domains.get(n).map(d -> view(found(d, n)));
    }

    @GET
    @Path("/{name}/zone")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(operationId = "getDomainZone", summary = "The domain's records as a zone-file fragment (text/plain)")
    public Uni<String> zone(@PathParam("name") String name) {
        String n = pathName(name);
        return domains.get(n).map(d -> domains.records().zone(n, domains.recordsOf(found(d, n)), Instant.now()));
    }

    @DELETE
    @Path("/{name}")
    @Operation(operationId = "deleteDomain", summary = "Remove a domain and its keys (admin)", description = "204; ingress refuses its mail within"
            + " seconds; its mail is no longer signed.")
    @APIResponse(responseCode = "204", description = "Removed")
    public Uni<Response> delete(@PathParam("name") String name) {
        String n = pathName(name);
        return domains.delete(n).map(deleted -> {
            if (!deleted) {
                throw ApiException.notFound("domain " + n);
            }
            return Response.noContent().build();
        });
    }

    @POST
    @Path("/{name}/rotate-dkim")
    @Operation(operationId = "rotateDomainDkim", summary = "Rotate the DKIM keys (admin)", description = "New selectors become active and must be"
            + " published; the previous keys are retiring: still listed (keep them published), signing until the new"
            + " records are verified, retired after mailroom.deliverability.retire-after.")
    public Uni<DomainView> rotate(@PathParam("name") String name) {
        String n = pathName(name);
        requireMasterKey();
        return domains.rotate(n).map(d -> view(found(d, n)));
    }

    @POST
    @Path("/{name}/verify")
    @Operation(operationId = "verifyDomain", summary = "Look the domain's records up in DNS (admin)", description = "Each record: found, missing,"
            + " different (with what was found) or error. A domain sends once its DKIM records are found.")
    public Uni<DomainView> verify(@PathParam("name") String name) {
        String n = pathName(name);
        return domains.verify(n).map(d -> view(found(d, n)));
    }

    @PUT
    @Path("/{name}/dns-update")
    @Operation(operationId = "configureDomainDnsUpdate", summary = "Publish the domain's records automatically (admin)", description = "RFC 2136 dynamic"
            + " UPDATE signed with TSIG to the authoritative server: {server: host:port, zone (default: the domain),"
            + " key_name, key_algorithm (default hmac-sha256), key_secret (base64)}. Publishes at once, and again"
            + " after every key rotation and retirement; only differences are sent. The secret is stored encrypted"
            + " and never shown.")
    public Uni<DomainView> configureDnsUpdate(@PathParam("name") String name, DnsUpdateJson body) {
        String n = pathName(name);
        Domains.DnsUpdate update = dnsUpdate(n, body);
        requireMasterKey();
        return domains.configureDnsUpdate(n, update).map(d -> view(found(d, n)));
    }

    @DELETE
    @Path("/{name}/dns-update")
    @Operation(operationId = "removeDomainDnsUpdate", summary = "Stop publishing the domain's records automatically (admin)", description = "The records"
            + " stay in DNS.")
    @APIResponse(responseCode = "204", description = "Automatic publication stopped")
    public Uni<Response> removeDnsUpdate(@PathParam("name") String name) {
        String n = pathName(name);
        return domains.removeDnsUpdate(n).map(found -> {
            if (!found) {
                throw ApiException.notFound("domain " + n);
            }
            return Response.noContent().build();
        });
    }

    @POST
    @Path("/{name}/publish")
    @Operation(operationId = "publishDomainRecords", summary = "Publish the domain's records now by RFC 2136 UPDATE (admin)", description = "200 with"
            + " status changed (and the changes sent) or unchanged (nothing sent); 409 without a dns-update"
            + " configuration; 502 when the DNS server refuses or cannot be reached.")
    @APIResponse(responseCode = "200", description = "Published (changed) or nothing to send (unchanged)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Domains.Publication.class)))
    @APIResponse(responseCode = "409", description = "dns-update-not-configured: PUT its dns-update first")
    @APIResponse(responseCode = "502", description = "dns-update-failed: the DNS server refused or did not answer")
    public Uni<Domains.Publication> publish(@PathParam("name") String name) {
        String n = pathName(name);
        return domains.publish(n)
                .onFailure(Domains.NotConfigured.class).transform(e -> new ApiException(Problem.of(409,
                        "dns-update-not-configured", "No DNS UPDATE configuration", n + " has none: PUT /v1/domains/"
                                + n + "/dns-update first")))
                .onFailure(Domains.PublicationFailed.class).transform(e -> new ApiException(Problem.of(502,
                        "dns-update-failed", "DNS UPDATE failed", e.getMessage())))
                .map(p -> {
                    if (p == null) {
                        throw ApiException.notFound("domain " + n);
                    }
                    return p;
                });
    }

    private static Domains.DnsUpdate dnsUpdate(String domain, DnsUpdateJson body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body == null) {
            throw ApiException.invalid(List.of(new Problem.FieldError("", "a JSON object is required")));
        }
        String server = body.server() == null ? "" : body.server().strip();
        if (!SERVER.matcher(server).matches()) {
            errors.add(new Problem.FieldError("server", "must be host:port (or host, port 53)"));
        }
        String zone = domain;
        if (body.zone() != null) {
            zone = body.zone().strip().toLowerCase(Locale.ROOT);
            zone = zone.endsWith(".") ? zone.substring(0, zone.length() - 1) : zone;
            if (!ZONE.matcher(zone).matches() || !(domain.equals(zone) || domain.endsWith("." + zone))) {
                errors.add(new Problem.FieldError("zone", "must be " + domain + " or a parent zone of it"));
            }
        }
        if (body.keyName() == null || !ZONE.matcher(body.keyName().strip().toLowerCase(Locale.ROOT)).matches()) {
            errors.add(new Problem.FieldError("key_name", "is required: the TSIG key name, e.g. mailroom-update"));
        }
        String algorithm = body.keyAlgorithm() == null ? "hmac-sha256" : body.keyAlgorithm().strip()
                .toLowerCase(Locale.ROOT);
        if (!DnsPublisher.ALGORITHMS.containsKey(algorithm)) {
            errors.add(new Problem.FieldError("key_algorithm", "must be one of "
                    + new java.util.TreeSet<>(DnsPublisher.ALGORITHMS.keySet())));
        }
        byte[] secret = null;
        try {
            secret = body.keySecret() == null ? null : DnsPublisher.secret(body.keySecret());
        } catch (IllegalArgumentException e) {
            secret = null;
        }
        if (secret == null || secret.length < 16) {
            errors.add(new Problem.FieldError("key_secret", "is required: the TSIG secret in base64, at least 16"
                    + " bytes"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new Domains.DnsUpdate(server, zone, body.keyName().strip().toLowerCase(Locale.ROOT), algorithm, secret);
    }

    /** 503 when DKIM private keys cannot be encrypted: creating or rotating keys would store them in clear. */
    private void requireMasterKey() {
        if (masterKeys.key().isEmpty()) {
            throw new ApiException(Problem.of(503, "master-key-missing", "Domain store unavailable",
                    "no master key is configured to encrypt DKIM private keys: set MAILROOM_DELIVERABILITY_MASTER_KEY"
                            + " (mailroom.deliverability.master-key) to 32 random bytes in base64, e.g. the output of"
                            + " 'head -c 32 /dev/urandom | base64', and restart the api (and egress-sender with the"
                            + " same key, to sign)"));
        }
    }

    private static String name(String value) {
        try {
            return DomainNames.normalize(value);
        } catch (DomainNames.InvalidDomainException e) {
            throw ApiException.invalid(List.of(new Problem.FieldError("name", e.getMessage())));
        }
    }

    /** The caller, who must hold the {@code domains} permission (403 otherwise). */
    private Caller permitted() {
        Caller caller = current.get();
        if (!caller.may(Permission.DOMAINS)) {
            throw ApiException.forbidden("this key lacks the domains permission");
        }
        return caller;
    }

    /** A domain of the path, normalised, that the caller may act on: another key's domain is 404 (not disclosed). */
    private String pathName(String value) {
        Caller caller = permitted();
        String name;
        try {
            name = DomainNames.normalize(value);
        } catch (DomainNames.InvalidDomainException e) {
            throw ApiException.notFound("domain " + value);
        }
        if (!caller.covers(name)) {
            throw ApiException.notFound("domain " + name);
        }
        return name;
    }

    private static Domains.Details found(Domains.Details d, String name) {
        if (d == null) {
            throw ApiException.notFound("domain " + name);
        }
        return d;
    }

    private DomainView view(Domains.Details d) {
        List<DomainKey> signing = SigningKeys.choose(d.keys());
        List<KeyView> keys = d.keys().stream().map(k -> new KeyView(k.selector, k.algorithm, k.status,
                signing.contains(k), k.createdAt, k.publishedAt, k.retiringAt, k.retiredAt)).toList();
        Map<String, DomainVerifier.Check> checks = new HashMap<>();
        Domains.lastChecks(d.domain()).forEach(c -> checks.put(c.name() + "/" + c.type() + "/" + c.value(), c));
        int ttl = domains.records().settings().ttl();
        List<RecordView> records = domains.recordsOf(d).stream().map(r -> {
            DomainVerifier.Check c = checks.get(r.name() + "/" + r.type() + "/" + r.value());
            return new RecordView(r.purpose().tag(), r.name(), r.type(), r.value(), r.rdata(), ttl,
                    c == null ? "unverified" : c.status(), c == null ? null : c.found(),
                    c == null ? null : c.detail());
        }).toList();
        boolean require = domains.requiresVerifiedDkim(d.domain());
        boolean verified = SigningKeys.verified(signing);
        Domain row = d.domain();
        DnsUpdateView dnsUpdate = row.dnsUpdateServer == null ? null : new DnsUpdateView(row.dnsUpdateServer,
                row.dnsUpdateZone, row.dnsUpdateKeyName, row.dnsUpdateKeyAlgorithm, row.publishedAt,
                Domains.lastPublication(row));
        return new DomainView(row.name, require, verified, !require || verified, row.createdAt, row.verifiedAt, keys,
                records, dnsUpdate);
    }
}
