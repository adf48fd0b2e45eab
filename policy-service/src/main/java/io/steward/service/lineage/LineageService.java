package io.steward.service.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.steward.lineage.LineageEvent;
import io.steward.lineage.OpenLineageReader;
import io.steward.service.audit.AuditLog;
import io.steward.service.checks.QualityTriggers;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * OpenLineage ingest: the events of a request are checked first (one bad event refuses the whole
 * request, naming it), then stored as received and turned into graph rows in one transaction
 * (see LineageStore); events seen before change nothing. PII tags then follow the new column
 * lineage and the new detected tags (see TagPropagation), and a COMPLETE event queues the quality
 * checks attached to what its run wrote (see QualityTriggers), in that transaction too.
 */
@ApplicationScoped
public class LineageService {

    /** How many events were new, and how many had been received before. */
    public record Ingested(int received, int duplicates) {
    }

    private final OpenLineageReader reader;
    private final LineageStore store;
    private final QualityTriggers triggers;

    public LineageService(ObjectMapper json, AuditLog audit, QualityTriggers triggers) {
        this.reader = new OpenLineageReader();
        this.store = new LineageStore(json, audit);
        this.triggers = triggers;
    }

    /** @param actor who sent the events: schema versions they record are audited as theirs */
    @WithTransaction
    public Uni<Ingested> ingest(byte[] body, String actor) {
        List<LineageEvent> events = reader.read(body);
        return Panache.getSession().flatMap(session -> store.write(session, events, actor)
                .flatMap(written -> TagPropagation.masked(session, written.maskedColumns())
                        .flatMap(v -> TagPropagation.from(session, written.newEdges(), written.taggedColumns()))
                        .flatMap(v -> triggers.enqueue(session, written.fresh()))
                        .map(v -> new Ingested(written.fresh().size(), events.size() - written.fresh().size()))));
    }
}
