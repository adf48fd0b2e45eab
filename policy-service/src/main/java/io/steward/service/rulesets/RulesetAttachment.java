package io.steward.service.rulesets;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A ruleset attached to a dataset, to a job, or to a dataset as one job writes it. */
@Entity
@Table(name = "ruleset_attachment")
public class RulesetAttachment extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "ruleset_id")
    public Long rulesetId;
    @Column(name = "dataset_id")
    public Long datasetId;
    @Column(name = "job_id")
    public Long jobId;
}
