package dev.mailroom.platform.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OtlpExportSwitchTest {

    @Test
    void withoutMailroomsEndpointItGivesNothing() {
        assertTrue(new OtlpExportSwitch(null).getPropertyNames().isEmpty());
        OtlpExportSwitch blank = new OtlpExportSwitch(" ");
        assertTrue(blank.getPropertyNames().isEmpty());
        assertNull(blank.getValue(OtlpExportSwitch.ENDPOINT));
    }

    @Test
    void mailroomsEndpointBecomesTheExportersEndpoint() {
        OtlpExportSwitch source = new OtlpExportSwitch(" http://collector:4317 ");
        assertEquals("http://collector:4317", source.getValue(OtlpExportSwitch.ENDPOINT));
    }

    @Test
    void itRanksBelowApplicationProperties() {
        assertEquals(200, new OtlpExportSwitch(null).getOrdinal());
    }
}
