package io.steward.service.access;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.steward.service.access.AccessApi.Decision;
import io.steward.service.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every access decision goes into the audit log, a second at a time: a decision is answered from
 * memory in well under a millisecond, and a hash-chained insert per decision would cost several.
 * The decisions of a second are counted by what was decided for whom (the same principal getting
 * the same decision on the same dataset counts up one entry), and each second's entries are
 * appended in one transaction with the count and the second they fall in. A crash loses at most
 * that second.
 */
@ApplicationScoped
public class DecisionAudit {

    private final AuditLog audit;
    /** Counts per decision; merge and remove are atomic per key, so no count falls between two seconds. */
    private final Map<Decision, Long> pending = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> since = new AtomicReference<>(Instant.now());

    public DecisionAudit(AuditLog audit) {
        this.audit = audit;
    }

    void record(Decision decision) {
        pending.merge(decision, 1L, Long::sum);
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flush() {
        Map<Decision, Long> second = new LinkedHashMap<>();
        for (Decision decision : List.copyOf(pending.keySet())) {
            Long count = pending.remove(decision);
            if (count != null) {
                second.put(decision, count);
            }
        }
        Instant from = since.getAndSet(Instant.now());
        if (second.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String period = from + "/" + Instant.now();
        List<AuditLog.Pending> entries = new ArrayList<>(second.size());
        second.forEach((decision, count) -> {
            Map<String, Object> outcome = new LinkedHashMap<>();
            outcome.put("columns", decision.columns());
            outcome.put("rowFilter", decision.rowFilter() == null ? "" : decision.rowFilter());
            outcome.put("count", count);
            outcome.put("period", period);
            entries.add(new AuditLog.Pending(decision.principal(), "access.decision", "dataset:" + decision.dataset(),
                    Map.of("action", decision.action()), outcome));
        });
        return Panache.withTransaction(() -> audit.appendAll(entries));
    }
}
