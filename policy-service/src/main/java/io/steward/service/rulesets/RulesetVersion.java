package io.steward.service.rulesets;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One saved, valid DQDL text of a ruleset. Versions are never changed, only added. */
@Entity
@Table(name = "ruleset_version")
public class RulesetVersion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "ruleset_id")
    public Long rulesetId;
    public int version;
    public String text;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
