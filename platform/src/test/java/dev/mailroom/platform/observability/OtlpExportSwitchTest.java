package dev.mailroom.platform.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class OtlpExportSwitchTest {

    @Test
    void withoutAnEndpointSpansAreNotSampledAndTheEndpointIsLeftAlone() {
        OtlpExportSwitch source = new OtlpExportSwitch(null, " ", null);
        assertEquals("0.0", source.getValue(OtlpExportSwitch.RATIO));
        assertNull(source.getValue(OtlpExportSwitch.ENDPOINT));
    }

    @Test
    void mailroomsEndpointTurnsSamplingOnAndBecomesTheExportersEndpoint() {
        OtlpExportSwitch source = new OtlpExportSwitch(" http://collector:4317 ", null, null);
        assertEquals("1.0", source.getValue(OtlpExportSwitch.RATIO));
        assertEquals("http://collector:4317", source.getValue(OtlpExportSwitch.ENDPOINT));
    }

    @Test
    void quarkusOwnEndpointTurnsSamplingOnWithoutBeingOverridden() {
        assertEquals("1.0", new OtlpExportSwitch(null, "http://c:4317", null).getValue(OtlpExportSwitch.RATIO));
        OtlpExportSwitch byProperty = new OtlpExportSwitch(null, null, "http://c:4318");
        assertEquals("1.0", byProperty.getValue(OtlpExportSwitch.RATIO));
        assertNull(byProperty.getValue(OtlpExportSwitch.ENDPOINT));
    }

    @Test
    void itRanksBelowApplicationProperties() {
        assertEquals(200, new OtlpExportSwitch(null, null, null).getOrdinal());
    }
}
