package io.steward.service.checks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.smallrye.mutiny.Uni;
import io.steward.lineage.LineageEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;

/**
 * Queues the checks a job's completion calls for, in the transaction that stores its OpenLineage
 * COMPLETE event: for every dataset the run wrote, each ruleset attached to that dataset (alone,
 * or as this job writes it) or to the job alone. One query for all events of a request; an event
 * received again queues nothing again. {@link CheckRunner} runs them.
 */
@ApplicationScoped
public class QualityTriggers {

    private final ObjectMapper json;

    public QualityTriggers(ObjectMapper json) {
        this.json = json;
    }

    /** @return how many checks were queued */
    public Uni<Integer> enqueue(Mutiny.Session session, List<LineageEvent> fresh) {
        ArrayNode outputs = json.createArrayNode();
        for (LineageEvent event : fresh) {
            if (!"COMPLETE".equals(event.eventType()) || event.runId() == null || event.job() == null) {
                continue;
            }
            for (LineageEvent.DatasetFacts output : event.datasets(LineageEvent.Direction.OUTPUT)) {
                outputs.addObject().put("run", event.runId().toString()).put("jns", event.job().namespace())
                        .put("jname", event.job().name()).put("ns", output.name().namespace())
                        .put("name", output.name().name());
            }
        }
        if (outputs.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String rows;
        try {
            rows = json.writeValueAsString(outputs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return session.createNativeQuery("""
                        insert into quality_check (dataset_id, ruleset_id, job_id, run_id)
                        select distinct d.id, a.ruleset_id, j.id, x.run
                        from jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                            as x(run uuid, jns text, jname text, ns text, name text)
                        join dataset d on d.namespace = x.ns and d.name = x.name
                        left join job j on j.namespace = x.jns and j.name = x.jname
                        join ruleset_attachment a on (a.dataset_id = d.id and (a.job_id is null or a.job_id = j.id))
                            or (a.job_id = j.id and a.dataset_id is null)
                        on conflict (dataset_id, ruleset_id, run_id) do nothing""")
                .setParameter("rows", rows).executeUpdate();
    }
}
