package io.steward.service.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A dataset in the catalog, named as OpenLineage names it: a namespace and a name. */
@Entity
@Table(name = "dataset")
public class Dataset extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String namespace;
    public String name;
    public String location;
    public String format;
    public String owner;
    public String description;
    public String classification;
    /** update, additive or freeze: which schema changes a new version may bring. */
    @Column(name = "schema_policy")
    public String schemaPolicy;
    /** The Hive partition keys (a JSON array), as the last crawl found them; null when not partitioned. */
    @Column(name = "partition_keys")
    public String partitionKeys;
    public Integer partitions;
    @Column(name = "crawled_at")
    public Instant crawledAt;
    /** Refuse readers while the newest checked version of the data failed its quality checks. */
    @Column(name = "block_failed_reads")
    public boolean blockFailedReads;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
