package io.steward.service.retention;

import java.util.List;

/** What the retention API takes and returns. */
public final class RetentionApi {

    private RetentionApi() {
    }

    /** Keep rows {@code keepDays} days by {@code timeColumn}, then "delete" them or "nullify" their PII columns. */
    public record Policy(int keepDays, String timeColumn, String action) {
    }

    /** A dataset's policy with what `steward purge` needs: where the data is and its PII columns. */
    public record Planned(String dataset, String location, String format, int keepDays, String timeColumn, String action,
                          List<String> piiColumns) {
    }

    /** What a purge did to one dataset (or would do, in a dry run). */
    public record Purged(String dataset, String cutoff, long before, long after, long affected, String note) {
    }

    public record Run(boolean dryRun, List<Purged> datasets) {
    }

    public record RunView(long id, boolean dryRun, String ranBy, String ranAt, List<Purged> datasets) {
    }
}
