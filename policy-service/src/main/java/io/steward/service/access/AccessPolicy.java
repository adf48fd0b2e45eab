package io.steward.service.access;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Allows or denies a principal (role, group or user) some or all columns of a dataset, optionally only some rows. */
@Entity
@Table(name = "access_policy")
public class AccessPolicy extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "dataset_id")
    public Long datasetId;
    @Column(name = "principal_kind")
    public String principalKind;
    public String principal;
    public String effect;
    /** A JSON array of column names, or null for every column. */
    public String columns;
    /** The canonical text of a validated RowFilter, or null. */
    @Column(name = "row_filter")
    public String rowFilter;
    @Column(name = "created_by")
    public String createdBy;
}
