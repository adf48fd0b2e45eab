package io.steward.service.lineage;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.steward.service.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** A job's run history, newest first, as Marquez lists it (GET .../namespaces/{ns}/jobs/{job}/runs). */
@ApplicationScoped
public class JobRuns {

    /** One run: its state and times, and the datasets (NAMESPACE:NAME) it read and wrote. */
    public record Run(String id, String state, OffsetDateTime startedAt, OffsetDateTime endedAt,
                      List<String> inputs, List<String> outputs) {
    }

    @WithSession
    public Uni<List<Run>> of(String namespace, String job, int limit) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        select r.run_id::text, r.state, r.started_at, r.ended_at,
                               array_to_string(array(select d.namespace || ':' || d.name from lineage_io i
                                   join dataset d on d.id = i.dataset_id
                                   where i.run_id = r.run_id and i.direction = 'input' order by 1), chr(31)),
                               array_to_string(array(select d.namespace || ':' || d.name from lineage_io i
                                   join dataset d on d.id = i.dataset_id
                                   where i.run_id = r.run_id and i.direction = 'output' order by 1), chr(31))
                        from lineage_run r
                        where r.job_id = (select id from job where namespace = :namespace and name = :name)
                        order by r.updated_at desc limit :limit""", Object[].class)
                .setParameter("namespace", namespace).setParameter("name", job)
                .setParameter("limit", Math.max(1, Math.min(limit, 500)))
                .getResultList()
                .flatMap(rows -> rows.isEmpty() ? exists(namespace, job).map(found -> List.<Run>of())
                        : Uni.createFrom().item(rows.stream().map(JobRuns::run).toList())));
    }

    private static Uni<Boolean> exists(String namespace, String job) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select count(*) from job where namespace = :namespace and name = :name", Long.class)
                .setParameter("namespace", namespace).setParameter("name", job).getSingleResult())
                .map(count -> {
                    if (count == 0) {
                        throw ApiException.notFound("job " + namespace + ":" + job);
                    }
                    return true;
                });
    }

    private static Run run(Object[] row) {
        return new Run((String) row[0], (String) row[1], time(row[2]), time(row[3]), names(row[4]), names(row[5]));
    }

    private static List<String> names(Object joined) {
        String text = (String) joined;
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split(String.valueOf((char) 31)));
    }

    private static OffsetDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof OffsetDateTime t ? t : ((java.time.Instant) value).atOffset(java.time.ZoneOffset.UTC);
    }
}
