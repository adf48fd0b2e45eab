package io.steward.service.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A column of a dataset's current schema. */
@Entity
@Table(name = "dataset_column")
public class DatasetColumn extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "dataset_id")
    public Long datasetId;
    public String name;
    @Column(name = "data_type")
    public String dataType;
    public int position;
}
