package dev.mailroom.api.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import dev.mailroom.stack.PostgresNode;
import dev.mailroom.stack.StackSupport;

/**
 * The api's first migration on a database where egress-sender kept the keys (a deployment before ADR 0031): its
 * rows are copied once into {@code api.api_key}, hashes unchanged, admin keys as admin, the others as send + read.
 * A PostgreSQL server of its own, so the copy runs on a database the api has never migrated.
 */
class LegacyKeysMigrationTest {

    @Test
    void egressKeysAreCopiedOnceWithTheirPermissions() throws Exception {
        Path dir = Files.createTempDirectory("mailroom-test-legacy-keys-");
        try (PostgresNode node = PostgresNode.start(dir, StackSupport.freePort(), false)) {
            String url = PostgresNode.jdbcUrl(node.port());
            try (Connection c = DriverManager.getConnection(url, PostgresNode.USER, PostgresNode.PASSWORD);
                    Statement s = c.createStatement()) {
                // egress-sender's V1 table, as deployed before the api owned the keys
                s.execute("create schema egress");
                s.execute("create table egress.api_key (id text primary key, name text not null, secret_sha256 text"
                        + " not null, domains text not null, admin boolean not null default false, rate_per_minute"
                        + " integer, created_at timestamptz not null, revoked_at timestamptz)");
                s.execute("insert into egress.api_key values"
                        + " ('kadmin', 'ops', '" + "AA".repeat(32) + "', '*', true, null, now(), null),"
                        + " ('kshop', 'shop', '" + "bb".repeat(32) + "', 'Shop.Example, mail.example', false, 60,"
                        + " now(), null),"
                        + " ('kold', 'old', '" + "cc".repeat(32) + "', 'x.example', false, null, now(), now())");
            }
            Flyway flyway = Flyway.configure().dataSource(url, PostgresNode.USER, PostgresNode.PASSWORD)
                    .schemas("api").defaultSchema("api").locations("classpath:db/migration").load();
            flyway.migrate();
            flyway.migrate(); // nothing pending: the copy is not repeated

            try (Connection c = DriverManager.getConnection(url, PostgresNode.USER, PostgresNode.PASSWORD);
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("select id, secret_sha256, permissions, domains, rate_per_minute,"
                            + " revoked_at from api.api_key order by id")) {
                r.next();
                assertEquals("kadmin", r.getString(1));
                assertEquals("aa".repeat(32), r.getString(2), "hashes kept, lower case");
                assertEquals(List.of("admin"), list(r.getArray(3)));
                assertEquals(List.of("*"), list(r.getArray(4)));
                r.next();
                assertEquals("kold", r.getString(1));
                assertEquals(false, r.getTimestamp(6) == null, "a revoked key stays revoked");
                r.next();
                assertEquals("kshop", r.getString(1));
                assertEquals(List.of("send", "read"), list(r.getArray(3)));
                assertEquals(List.of("shop.example", "mail.example"), list(r.getArray(4)));
                assertEquals(60, r.getInt(5));
                assertNull(r.getTimestamp(6));
                assertEquals(false, r.next());
            }
        } finally {
            StackSupport.deleteRecursively(dir);
        }
    }

    private static List<String> list(Array array) throws Exception {
        return Arrays.asList((String[]) array.getArray());
    }
}
