package io.steward.service.rulesets;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One evaluation of rulesets on a dataset, as `steward check --server` reports it. */
@Entity
@Table(name = "dq_run")
public class DqRun extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "dataset_id")
    public Long datasetId;
    @Column(name = "job_id")
    public Long jobId;
    @Column(name = "ruleset_version_id")
    public Long rulesetVersionId;
    public double score;
    @Column(name = "rows_total")
    public Long rowsTotal;
    @Column(name = "rows_passed")
    public Long rowsPassed;
    @Column(name = "rows_failed")
    public Long rowsFailed;
    @Column(name = "finished_at")
    public Instant finishedAt;
}
