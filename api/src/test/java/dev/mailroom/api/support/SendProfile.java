package dev.mailroom.api.support;

import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The send tests: keys from {@link TestKeys}. */
public class SendProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(TestKeys.class);
    }
}
