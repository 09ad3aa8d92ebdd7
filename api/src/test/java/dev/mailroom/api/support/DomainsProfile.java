package dev.mailroom.api.support;

import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The domain tests' application: keys from {@link TestCallers}. */
public class DomainsProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(TestCallers.class);
    }
}
