package dev.mailroom.agenthost.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** An address an instance has exchanged mail with. */
@Entity
@Table(name = "correspondent")
@IdClass(Correspondent.Key.class)
public class Correspondent {

    @Id
    @Column(name = "agent_key")
    public String agentKey;

    @Id
    public String address;

    @Column(name = "first_at", nullable = false)
    public Instant firstAt;

    /** Composite key. */
    public static class Key implements Serializable {
        public String agentKey;
        public String address;

        public Key() {
        }

        public Key(String agentKey, String address) {
            this.agentKey = agentKey;
            this.address = address;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(agentKey, k.agentKey) && Objects.equals(address, k.address);
        }

        @Override
        public int hashCode() {
            return Objects.hash(agentKey, address);
        }
    }
}
