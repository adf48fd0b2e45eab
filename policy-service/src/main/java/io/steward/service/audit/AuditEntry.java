package io.steward.service.audit;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One appended line of the audit log; see {@link AuditLog} for how entries are chained. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public Instant at;
    public String actor;
    public String action;
    public String target;
    @Column(name = "before_state")
    public String before;
    @Column(name = "after_state")
    public String after;
    @Column(name = "previous_hash")
    public String previousHash;
    public String hash;
}
