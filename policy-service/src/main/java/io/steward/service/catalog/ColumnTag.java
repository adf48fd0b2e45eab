package io.steward.service.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A PII tag on a column: what a scan, lineage or a person says it holds, and its review. */
@Entity
@Table(name = "column_tag")
public class ColumnTag extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "column_id")
    public Long columnId;
    @Column(name = "entity_type")
    public String entityType;
    public double confidence;
    public String source;
    @Column(name = "review_state")
    public String reviewState;
    public String reviewer;
    @Column(name = "reviewed_at")
    public Instant reviewedAt;
    public String explanation;
    /** Reached its column through a masking edge: the column holds the entity masked, by transform. */
    public boolean masked;
    public String transform;
    /** A few masked spans the scan found, as a JSON array (V012). */
    public String evidence;
}
