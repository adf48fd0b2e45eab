package io.steward.service.rulesets;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One rule's outcome in a DQ run, with its metrics (a JSON object of name to value). */
@Entity
@Table(name = "dq_rule_result")
public class DqRuleResult extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "run_id")
    public Long runId;
    public String rule;
    public String outcome;
    public String message;
    public String metrics;
}
