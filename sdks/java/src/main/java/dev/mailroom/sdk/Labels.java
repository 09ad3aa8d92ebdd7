package dev.mailroom.sdk;

import java.util.List;

/** The labels in use, with their counts. */
public final class Labels extends Resource {

    Labels(Transport t) {
        super(t);
    }

    public List<JsonObject> list() {
        return list(null);
    }

    /** Labels of every mailbox the key sees, or of {@code params.mailbox}. */
    public List<JsonObject> list(ListParams params) {
        Transport.Call c = call("GET", "/v1/labels");
        if (params != null) {
            c.query("mailbox", params.get("mailbox"));
        }
        return json(c).objects("items");
    }
}
