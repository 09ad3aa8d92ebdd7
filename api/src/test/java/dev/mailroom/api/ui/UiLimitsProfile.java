package dev.mailroom.api.ui;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Short sessions, a small sign-in limit and a master key: what {@link UiSessionLimitsTest} needs. */
public class UiLimitsProfile implements QuarkusTestProfile {

    static final int SIGN_IN_PER_MINUTE = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        return Map.of("mailroom.ui.idle-timeout", "2s",
                "mailroom.ui.absolute-timeout", "5s",
                "mailroom.ui.cache-for", "1s",
                "mailroom.ui.sign-in-per-minute", Integer.toString(SIGN_IN_PER_MINUTE),
                "mailroom.deliverability.master-key", Base64.getEncoder().encodeToString(master));
    }
}
