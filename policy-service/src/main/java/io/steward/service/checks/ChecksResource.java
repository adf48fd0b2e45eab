package io.steward.service.checks;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.steward.service.api.ApiException;
import io.steward.service.api.Roles;
import io.steward.service.api.SqlValues;
import io.steward.service.checks.ChecksApi.CheckView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.util.List;
import java.util.Set;

/** The checks job completions queued, newest first: by dataset, by the job's run, by state. */
@Path("/api/v1/quality-checks")
public class ChecksResource {

    private static final Set<String> STATES = Set.of("queued", "running", "passed", "failed", "error");

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.DATA_STEWARD, Roles.COMPLIANCE_OFFICER, Roles.JOB_RUNNER, Roles.ANALYST})
    public Uni<List<CheckView>> list(@QueryParam("datasetId") Long datasetId, @QueryParam("runId") String runId,
                                     @QueryParam("state") String state,
                                     @QueryParam("limit") @DefaultValue("100") int limit) {
        if (state != null && !STATES.contains(state)) {
            throw ApiException.badRequest("state '" + state + "' is not one of " + String.join(", ", STATES));
        }
        if (runId != null && !runId.matches("[0-9a-fA-F-]{36}")) {
            throw ApiException.badRequest("runId '" + runId + "' is not a UUID");
        }
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        select q.id, q.dataset_id, d.namespace || ':' || d.name, r.name, j.namespace || ':' || j.name,
                               cast(q.run_id as text), q.state, q.attempts, q.dq_run_id, q.quarantine, q.error,
                               q.created_at, q.started_at, q.finished_at
                        from quality_check q
                        join dataset d on d.id = q.dataset_id
                        join ruleset r on r.id = q.ruleset_id
                        left join job j on j.id = q.job_id
                        where (cast(:dataset as bigint) is null or q.dataset_id = cast(:dataset as bigint))
                          and (cast(:run as uuid) is null or q.run_id = cast(:run as uuid))
                          and (cast(:state as text) is null or q.state = cast(:state as text))
                        order by q.id desc limit :limit""", Object[].class)
                .setParameter("dataset", datasetId).setParameter("run", runId).setParameter("state", state)
                .setParameter("limit", Math.max(1, Math.min(limit, 1000))).getResultList()))
                .map(rows -> rows.stream().map(ChecksResource::view).toList());
    }

    private static CheckView view(Object[] r) {
        return new CheckView(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2], (String) r[3],
                (String) r[4], (String) r[5], (String) r[6], ((Number) r[7]).intValue(),
                r[8] == null ? null : ((Number) r[8]).longValue(), (String) r[9], (String) r[10], SqlValues.instant(r[11]),
                SqlValues.instant(r[12]), SqlValues.instant(r[13]));
    }
}
