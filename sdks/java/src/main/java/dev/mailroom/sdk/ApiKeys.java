package dev.mailroom.sdk;

/** API keys (admin): create, list, read, revoke. */
public final class ApiKeys extends Resource {

    ApiKeys(Transport t) {
        super(t);
    }

    /** A new key; its {@link ApiKey#token()} is shown only here. */
    public ApiKey create(CreateApiKeyParams params) {
        return ApiKey.from(json(call("POST", "/v1/api-keys").body(params.toJson())));
    }

    public Paged<ApiKey> list() {
        return list(null);
    }

    public Paged<ApiKey> list(ListParams params) {
        return paged(token -> withQuery(call("GET", "/v1/api-keys"), params), ApiKey::from);
    }

    public ApiKey get(String id) {
        return ApiKey.from(json(call("GET", "/v1/api-keys/{id}", id)));
    }

    public void revoke(String id) {
        none(call("DELETE", "/v1/api-keys/{id}", id));
    }
}
