package io.steward.service.access;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.steward.service.access.AccessApi.Decision;
import io.steward.service.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every access decision goes into the audit log, in batches: a decision is answered from memory in
 * well under a millisecond, and waiting for a hash-chained insert would cost several. Decisions
 * queue here and are appended every second, in one transaction under one lock; a crash loses at
 * most that second.
 */
@ApplicationScoped
public class DecisionAudit {

    private final AuditLog audit;
    private final ConcurrentLinkedQueue<Decision> pending = new ConcurrentLinkedQueue<>();

    public DecisionAudit(AuditLog audit) {
        this.audit = audit;
    }

    void record(Decision decision) {
        pending.add(decision);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flush() {
        List<Decision> batch = new ArrayList<>();
        for (Decision next = pending.poll(); next != null && batch.size() < 10_000; next = pending.poll()) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<AuditLog.Pending> entries = new ArrayList<>(batch.size());
        for (Decision decision : batch) {
            entries.add(new AuditLog.Pending(decision.principal(), "access.decision", "dataset:" + decision.dataset(),
                    Map.of("action", decision.action()), Map.of("columns", decision.columns(),
                    "rowFilter", decision.rowFilter() == null ? "" : decision.rowFilter())));
        }
        return Panache.withTransaction(() -> audit.appendAll(entries));
    }
}
