package dev.mailroom.mailbox.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class RetentionPolicyTest {

    private final RetentionPolicy policy = new RetentionPolicy(Map.of("Support", Duration.ofDays(30)),
            Map.of("Example.COM", Duration.ofDays(90)), Optional.of(Duration.ofDays(365)));

    @Test
    void theClassWinsOverTheDomainWhichWinsOverTheDefault() {
        assertEquals(Optional.of(Duration.ofDays(30)), policy.retentionOf("example.com", "Support"));
        assertEquals(Optional.of(Duration.ofDays(90)), policy.retentionOf("example.com", "Sales"));
        assertEquals(Optional.of(Duration.ofDays(90)), policy.retentionOf("EXAMPLE.com", null));
        assertEquals(Optional.of(Duration.ofDays(365)), policy.retentionOf("other.test", null));
        assertEquals(Optional.of(Duration.ofDays(30)), policy.retentionOf("other.test", "Support"));
    }

    @Test
    void withoutADefaultUncoveredMailIsKeptForever() {
        RetentionPolicy noDefault = new RetentionPolicy(Map.of(), Map.of("example.com", Duration.ofDays(1)),
                Optional.empty());
        assertEquals(Optional.empty(), noDefault.retentionOf("other.test", "Support"));
        assertTrue(new RetentionPolicy(Map.of(), Map.of(), Optional.empty()).isEmpty());
    }

    @Test
    void rulesComeClassesFirstThenDomainsThenTheDefault() {
        List<RetentionPolicy.Rule> rules = policy.rules();
        assertEquals(List.of(RetentionPolicy.Scope.CLASS, RetentionPolicy.Scope.DOMAIN, RetentionPolicy.Scope.DEFAULT),
                rules.stream().map(RetentionPolicy.Rule::scope).toList());
        assertEquals("example.com", rules.get(1).key());
    }

    @Test
    void aRetentionThatIsNotPositiveIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RetentionPolicy(Map.of("Support", Duration.ZERO), Map.of(), Optional.empty()));
        assertTrue(e.getMessage().contains("classes.Support"), e.getMessage());
    }

    @Test
    void theConfigurationReadsDaysPerQuotedDomainAndClass() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(RetentionConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of(
                        "mailroom.mailbox.retention.domains.\"example.com\"", "90d",
                        "mailroom.mailbox.retention.classes.\"Support\"", "30d",
                        "mailroom.mailbox.retention.default", "P365D"), "test", 100))
                .build();

        RetentionPolicy read = RetentionPolicy.of(config.getConfigMapping(RetentionConfig.class));

        assertEquals(Optional.of(Duration.ofDays(90)), read.retentionOf("example.com", null));
        assertEquals(Optional.of(Duration.ofDays(30)), read.retentionOf("example.com", "Support"));
        assertEquals(Optional.of(Duration.ofDays(365)), read.retentionOf("else.test", null));
    }

    @Test
    void anUnsetDefaultKeepsForever() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(RetentionConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()).build();
        RetentionConfig read = config.getConfigMapping(RetentionConfig.class);
        assertTrue(RetentionPolicy.of(read).isEmpty());
        assertEquals(500, read.batchSize());
    }
}
