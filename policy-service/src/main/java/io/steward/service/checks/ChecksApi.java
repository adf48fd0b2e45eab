package io.steward.service.checks;

import java.time.Instant;

/** What the quality-checks API returns. */
public final class ChecksApi {

    private ChecksApi() {
    }

    /**
     * A check a job's completion queued: queued, running, passed (every rule PASS), failed (a rule
     * FAIL or ERROR), or error (it could not run; error says why). dqRun is the recorded result.
     */
    public record CheckView(long id, long datasetId, String dataset, String ruleset, String job, String runId,
                            String state, int attempts, Long dqRun, String quarantine, String error,
                            Instant createdAt, Instant startedAt, Instant finishedAt) {
    }
}
