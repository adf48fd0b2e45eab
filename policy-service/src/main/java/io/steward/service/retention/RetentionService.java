package io.steward.service.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.steward.service.api.ApiException;
import io.steward.service.audit.AuditLog;
import io.steward.service.retention.RetentionApi.Planned;
import io.steward.service.retention.RetentionApi.Policy;
import io.steward.service.retention.RetentionApi.Run;
import io.steward.service.retention.RetentionApi.RunView;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Retention policies per dataset and the purges `steward purge` runs with them: set and audited
 * by data stewards; listed with each dataset's location, format and PII columns (tags not
 * rejected) for the purge job; every purge and dry run recorded and audited with its numbers.
 */
@ApplicationScoped
public class RetentionService {

    private final AuditLog audit;
    private final ObjectMapper json;

    public RetentionService(AuditLog audit, ObjectMapper json) {
        this.audit = audit;
        this.json = json;
    }

    @WithTransaction
    public Uni<Policy> set(long datasetId, Policy policy, String actor) {
        if (policy == null || policy.keepDays() < 1 || policy.timeColumn() == null || policy.timeColumn().isBlank()
                || !Set.of("delete", "nullify").contains(policy.action())) {
            throw ApiException.badRequest("a retention policy keeps rows keepDays (at least 1) days by timeColumn, then "
                    + "\"delete\"s them or \"nullify\"s their PII columns: " + policy);
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        insert into dataset_retention (dataset_id, keep_days, time_column, action, set_by)
                        select c.dataset_id, :days, :column, :action, :actor from dataset_column c
                        where c.dataset_id = :dataset and c.name = :column
                        on conflict (dataset_id) do update set keep_days = excluded.keep_days,
                            time_column = excluded.time_column, action = excluded.action, set_by = excluded.set_by,
                            set_at = now()""")
                .setParameter("days", policy.keepDays()).setParameter("column", policy.timeColumn())
                .setParameter("action", policy.action()).setParameter("actor", actor).setParameter("dataset", datasetId)
                .executeUpdate()
                .flatMap(count -> {
                    if (count == 0) {
                        throw ApiException.notFound("dataset " + datasetId + " with a column " + policy.timeColumn());
                    }
                    return audit.append(actor, "retention.set", "dataset:" + datasetId, null, policy);
                })
                .map(x -> policy));
    }

    /** Every dataset with a policy, as `steward purge` needs it. */
    @WithSession
    public Uni<List<Planned>> planned() {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        select d.namespace || ':' || d.name, d.location, d.format, r.keep_days, r.time_column, r.action,
                               coalesce((select string_agg(distinct c.name, ',' order by c.name) from dataset_column c
                                         join column_tag t on t.column_id = c.id and t.review_state <> 'rejected'
                                         where c.dataset_id = d.id), '')
                        from dataset_retention r join dataset d on d.id = r.dataset_id order by 1""", Object[].class)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new Planned((String) r[0], (String) r[1], (String) r[2],
                        ((Number) r[3]).intValue(), (String) r[4], (String) r[5],
                        ((String) r[6]).isEmpty() ? List.of() : List.of(((String) r[6]).split(",")))).toList()));
    }

    @WithTransaction
    public Uni<RunView> record(Run run, String actor) {
        if (run == null || run.datasets() == null) {
            throw ApiException.badRequest("a purge run lists what it did per dataset: {\"dryRun\": true, \"datasets\": []}");
        }
        String results = text(run.datasets());
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        insert into retention_run (dry_run, ran_by, results) values (:dry, :actor, :results)
                        returning id, cast(ran_at as text)""", Object[].class)
                .setParameter("dry", run.dryRun()).setParameter("actor", actor).setParameter("results", results)
                .getSingleResult()
                .call(row -> audit.append(actor, run.dryRun() ? "retention.dry-run" : "retention.purge",
                        "retention-run:" + row[0], null, Map.of("datasets", run.datasets())))
                .map(row -> new RunView(((Number) row[0]).longValue(), run.dryRun(), actor, (String) row[1],
                        run.datasets())));
    }

    /** A purge that could not run: audited with why; nothing is recorded as purged. */
    @WithTransaction
    public Uni<Void> failed(boolean dryRun, String reason, String actor) {
        return audit.append(actor, "retention.failed", "retention", null, Map.of("dryRun", dryRun, "reason",
                String.valueOf(reason))).replaceWithVoid();
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
