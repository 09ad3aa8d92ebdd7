package dev.mailroom.api.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import dev.mailroom.stack.PostgresNode;
import dev.mailroom.stack.PostgresTestResource;

/**
 * {@code V3__domains.sql} against a database where egress-sender's domain store (its V2, schema {@code egress})
 * holds a domain: an existing deployment keeps its domains and keys, sealed values unchanged, and new keys get ids
 * after the copied ones. Runs the api's migrations with Flyway into a schema of its own, then drops both schemas.
 */
class DomainsMigrationTest {

    @Test
    void egressSendersDomainStoreIsCopiedOnceWithItsSealedKeys() throws Exception {
        String schema = "migration_" + UUID.randomUUID().toString().substring(0, 8);
        String url = PostgresTestResource.jdbcUrl();
        try (Connection c = DriverManager.getConnection(url, PostgresNode.USER, PostgresNode.PASSWORD);
                Statement s = c.createStatement()) {
            try {
                s.execute("CREATE SCHEMA egress");
                s.execute("SET search_path TO egress");
                s.execute(Files.readString(Path.of(
                        "../egress-sender/src/main/resources/db/migration/V2__domains_and_dkim_keys.sql")));
                s.execute("INSERT INTO domain (name, require_verified_dkim, dkim_verified, created_at, updated_at)"
                        + " VALUES ('kept.example', false, true, now(), now())");
                s.execute("INSERT INTO dkim_key (id, domain, selector, algorithm, private_key, public_record, status,"
                        + " published_at, created_at) VALUES (7, 'kept.example', 'mr202611e', 'ed25519-sha256',"
                        + " 'v1:c2VhbGVkLWU=', 'v=DKIM1; k=ed25519; p=AAAA', 'active', now(), now()),"
                        + " (9, 'kept.example', 'mr202611r', 'rsa-sha256', 'v1:c2VhbGVkLXI=',"
                        + " 'v=DKIM1; k=rsa; p=BBBB', 'active', now(), now())");
                s.execute("SET search_path TO public");

                Flyway.configure().dataSource(url, PostgresNode.USER, PostgresNode.PASSWORD).schemas(schema)
                        .defaultSchema(schema).locations("filesystem:src/main/resources/db/migration").load()
                        .migrate();

                List<String> keys = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT d.name, d.require_verified_dkim, d.dkim_verified, k.id,"
                        + " k.selector, k.private_key FROM " + schema + ".domain d JOIN " + schema
                        + ".dkim_key k ON k.domain = d.name ORDER BY k.id")) {
                    while (r.next()) {
                        assertEquals("kept.example", r.getString(1));
                        assertEquals(false, r.getBoolean(2));
                        assertEquals(true, r.getBoolean(3));
                        keys.add(r.getLong(4) + " " + r.getString(5) + " " + r.getString(6));
                    }
                }
                assertEquals(List.of("7 mr202611e v1:c2VhbGVkLWU=", "9 mr202611r v1:c2VhbGVkLXI="), keys);

                s.execute("INSERT INTO " + schema + ".dkim_key (domain, selector, algorithm, private_key,"
                        + " public_record, status, created_at) VALUES ('kept.example', 'mr202612e',"
                        + " 'ed25519-sha256', 'v1:x', 'v=DKIM1; k=ed25519; p=CCCC', 'active', now())");
                try (ResultSet r = s.executeQuery("SELECT max(id) FROM " + schema + ".dkim_key")) {
                    r.next();
                    assertTrue(r.getLong(1) > 9, "new keys get ids after the copied ones: " + r.getLong(1));
                }
                assertEquals(0, Flyway.configure().dataSource(url, PostgresNode.USER, PostgresNode.PASSWORD)
                        .schemas(schema).defaultSchema(schema).locations("filesystem:src/main/resources/db/migration")
                        .load().migrate().migrationsExecuted, "copied once: the migration does not run again");
            } finally {
                s.execute("DROP SCHEMA IF EXISTS egress CASCADE");
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
