package dev.mailroom.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class PostgresNodeTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void dataSurvivesRestart() throws Exception {
        int port = StackSupport.freePort();
        long firstPid;
        try (PostgresNode node = PostgresNode.start(dir, port)) {
            assertTrue(node.isRunning());
            firstPid = node.pid().orElseThrow();
            try (Connection c = node.connect(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT current_user, current_database(), "
                        + "current_setting('synchronous_commit'), current_setting('server_encoding'), current_setting('fsync')")) {
                    assertTrue(rs.next());
                    assertEquals("mailroom", rs.getString(1));
                    assertEquals("mailroom", rs.getString(2));
                    assertEquals("on", rs.getString(3));
                    assertEquals("UTF8", rs.getString(4));
                    assertEquals("on", rs.getString(5), "durable: fsync back on despite zonky's -F");
                }
                s.execute("CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)");
                try (PreparedStatement p = c.prepareStatement("INSERT INTO note VALUES (?, ?)")) {
                    p.setInt(1, 1);
                    p.setString(2, "héllo ✉");
                    assertEquals(1, p.executeUpdate());
                }
            }
        }
        // Exited (a zombie until init reaps it, the server being daemonised by pg_ctl) counts as gone.
        assertFalse(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().command()).isPresent(), "server process gone after close()");
        assertEquals(OptionalLong.empty(), PostgresNode.postmasterPid(dir), "postmaster.pid removed");

        try (PostgresNode node = PostgresNode.start(dir, port)) {
            try (Connection c = node.connect();
                 ResultSet rs = c.createStatement().executeQuery("SELECT body, upper(body) FROM note WHERE id = 1")) {
                assertTrue(rs.next(), "row persisted across restart");
                assertEquals("héllo ✉", rs.getString(1));
                assertEquals("HÉLLO ✉", rs.getString(2), "Unicode-aware ctype");
            }
        }
    }
}
