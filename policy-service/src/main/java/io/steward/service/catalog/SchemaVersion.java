package io.steward.service.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One version of a dataset's schema: its fields as JSON, in column order. */
@Entity
@Table(name = "schema_version")
public class SchemaVersion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "dataset_id")
    public Long datasetId;
    public int version;
    public String fields;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
