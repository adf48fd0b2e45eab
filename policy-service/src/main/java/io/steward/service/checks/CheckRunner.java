package io.steward.service.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.steward.service.access.AccessVersion;
import io.steward.service.audit.AuditLog;
import io.steward.service.launcher.Launcher;
import io.steward.service.notify.Notifications;
import io.steward.service.rulesets.RulesetApi.RuleOutcome;
import io.steward.service.rulesets.RulesetApi.RunRequest;
import io.steward.service.rulesets.RulesetApi.RunView;
import io.steward.service.rulesets.RulesetService;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the queued quality checks ({@link QualityTriggers}), steward.checks.workers at a time (those
 * of one dataset and ruleset one after another), every steward.checks.poll: the ruleset's latest version on the dataset's cataloged location, as a
 * `steward check --incremental` child ({@link Launcher}; only data not checked before is read, the
 * bookmarks and states kept in steward.checks.history), its failed rows written under
 * steward.checks.quarantine when that is set. The result is recorded as a DQ run of the job, tied
 * to the job's run, and marks the dataset version that run wrote as passed or failed (the catalog's
 * schema versions go along, so SchemaMatch "catalog" compares with the registered schema); a failure
 * (or a check that could not run) is notified ({@link Notifications}) and, for a dataset whose
 * steward set block_failed_reads, refuses its readers until a newer version passes. Checks found
 * running when the service starts (it stopped mid-check) are queued again.
 */
@ApplicationScoped
public class CheckRunner {

    static final String ACTOR = "checks";
    private static final Logger LOG = Logger.getLogger(CheckRunner.class);

    private final Launcher launcher;
    private final RulesetService rulesets;
    private final Notifications notifications;
    private final AuditLog audit;
    private final AccessVersion access;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final Path history;
    private final Optional<Path> quarantine;
    private final int workers;
    private volatile boolean recovered;

    /** A claimed check and everything its child needs. */
    record Claimed(long id, long datasetId, String namespace, String name, String location, String format,
                   String ruleset, int version, String text, String jobNamespace, String jobName, String runId,
                   String schemaVersions) {
        String dataset() {
            return namespace + ":" + name;
        }
    }

    /** What the child said: the check's JSON, or why it could not run. */
    record Result(JsonNode check, String quarantine, String error) {
    }

    public CheckRunner(Launcher launcher, RulesetService rulesets, Notifications notifications, AuditLog audit,
                       AccessVersion access, ObjectMapper json, Vertx vertx,
                       @ConfigProperty(name = "steward.checks.history") Path history,
                       @ConfigProperty(name = "steward.checks.quarantine") Optional<Path> quarantine,
                       @ConfigProperty(name = "steward.checks.workers") int workers) {
        this.launcher = launcher;
        this.rulesets = rulesets;
        this.notifications = notifications;
        this.audit = audit;
        this.access = access;
        this.json = json;
        this.vertx = vertx;
        this.history = history;
        this.quarantine = quarantine;
        if (workers < 1) {
            throw new IllegalArgumentException("steward.checks.workers must be at least 1, found " + workers);
        }
        this.workers = workers;
    }

    @Scheduled(identity = "quality-checks", every = "{steward.checks.poll}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        if (!launcher.available()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> start = recovered ? Uni.createFrom().voidItem() : requeueInterrupted();
        return start.flatMap(v -> drain())
                .onFailure().invoke(e -> LOG.error("quality checks: " + e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> requeueInterrupted() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                "update quality_check set state = 'queued' where state = 'running'").executeUpdate()))
                .invoke(() -> recovered = true).replaceWithVoid();
    }

    /**
     * Claims up to steward.checks.workers checks, runs their children side by side, records their
     * results one after another, and goes on until none is queued. The database work stays on one
     * reactive session at a time: only the children overlap.
     */
    private Uni<Void> drain() {
        return claim(new ArrayList<>()).flatMap(claimed -> claimed.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(claimed.stream().map(check -> vertx.executeBlocking(Uni.createFrom()
                                .item(() -> child(check)), false).map(result -> Map.entry(check, result))).toList())
                        .andFailFast()
                        .flatMap(results -> Multi.createFrom().iterable(results)
                                .onItem().transformToUniAndConcatenate(r -> finish(r.getKey(), r.getValue()))
                                .collect().last())
                        .invoke(access::bump)
                        .flatMap(v -> drain()));
    }

    /** Claims checks, one transaction each, until there are steward.checks.workers or none is left to claim. */
    private Uni<List<Claimed>> claim(List<Claimed> claimed) {
        if (claimed.size() == workers) {
            return Uni.createFrom().item(claimed);
        }
        return claim().flatMap(next -> {
            if (next == null) {
                return Uni.createFrom().item(claimed);
            }
            claimed.add(next);
            return claim(claimed);
        });
    }

    /**
     * The oldest queued check, now running, with its dataset, ruleset and job; null when none is
     * queued. Checks of one dataset and ruleset run one at a time, in order (their incremental
     * state is one): a check is claimed only when it is the oldest queued of its pair and none of
     * its pair runs; a pair's older check that another worker is claiming still counts as queued.
     */
    private Uni<Claimed> claim() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        with claimed as (
                            update quality_check set state = 'running', started_at = now(), attempts = attempts + 1
                            where id = (select q.id from quality_check q where q.state = 'queued'
                                          and not exists (select 1 from quality_check o
                                                          where o.dataset_id = q.dataset_id and o.ruleset_id = q.ruleset_id
                                                            and (o.state = 'running' or o.state = 'queued' and o.id < q.id))
                                        order by q.id limit 1 for update skip locked)
                            returning id, dataset_id, ruleset_id, job_id, run_id
                        )
                        select c.id, d.id, d.namespace, d.name, d.location, d.format, r.name, v.version, v.text,
                               j.namespace, j.name, cast(c.run_id as text),
                               (select cast(json_agg(json_build_object('version', s.version, 'fields',
                                       cast(s.fields as json)) order by s.version) as text)
                                from schema_version s where s.dataset_id = d.id)
                        from claimed c
                        join dataset d on d.id = c.dataset_id
                        join ruleset r on r.id = c.ruleset_id
                        join lateral (select version, text from ruleset_version where ruleset_id = r.id
                                      order by version desc limit 1) v on true
                        left join job j on j.id = c.job_id""", Object[].class).getResultList()))
                .map(rows -> rows.isEmpty() ? null : claimed(rows.get(0)));
    }

    private static Claimed claimed(Object[] r) {
        return new Claimed(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2], (String) r[3],
                (String) r[4], (String) r[5], (String) r[6], ((Number) r[7]).intValue(), (String) r[8],
                (String) r[9], (String) r[10], (String) r[11], (String) r[12]);
    }

    /** The `steward check` child; blocking. */
    private Result child(Claimed check) {
        if (check.location() == null) {
            return new Result(null, null, "dataset " + check.dataset() + " has no location in the catalog "
                    + "(steward crawl records it)");
        }
        Path rules = null;
        Path schemas = null;
        try {
            rules = Files.createTempFile("steward-ruleset", ".dqdl");
            Files.writeString(rules, check.text());
            List<String> arguments = new ArrayList<>(List.of("check", "--ruleset", rules.toString(), "--data",
                    check.location(), "--dataset", check.dataset(), "--json", "--incremental", "--history",
                    history.toString(), "--master", launcher.master()));
            if (check.format() != null) {
                arguments.addAll(List.of("--format", check.format()));
            }
            if (check.schemaVersions() != null) { // rules may compare with the registered schema: "catalog"
                schemas = Files.createTempFile("steward-schemas", ".json");
                Files.writeString(schemas, check.schemaVersions());
                arguments.addAll(List.of("--catalog-schemas", schemas.toString()));
            }
            Path failedRows = quarantine.map(root -> root.resolve(check.dataset().replaceAll("[^A-Za-z0-9._=-]+", "_"))
                    .resolve(check.runId() + "-" + check.id())).orElse(null);
            if (failedRows != null) {
                Files.createDirectories(failedRows.getParent());
                arguments.addAll(List.of("--quarantine", failedRows.toString()));
            }
            JsonNode result = json.readTree(launcher.run(arguments, 1));
            if (result == null || !result.path("rules").isArray()) {
                // An exit of 1 without a result is a crash, not a check that failed: never a pass.
                return new Result(null, null, "the check printed no result: " + (result == null ? "nothing"
                        : result.toString()));
            }
            return new Result(result, failedRows != null && Files.isDirectory(failedRows) ? failedRows.toString()
                    : null, null);
        } catch (IOException | RuntimeException e) { // the child's failure is this check's error, not the worker's
            return new Result(null, null, e.getMessage());
        } finally {
            for (Path file : new Path[] {rules, schemas}) {
                if (file != null) {
                    file.toFile().delete();
                }
            }
        }
    }

    /** Records the result, marks the check and the dataset version, audits and notifies: one transaction. */
    private Uni<Void> finish(Claimed check, Result result) {
        Map<String, Object> dataset = Map.of("id", check.datasetId(), "namespace", check.namespace(), "name",
                check.name());
        Map<String, Object> job = check.jobName() == null ? null : Map.of("namespace", check.jobNamespace(), "name",
                check.jobName());
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("dataset", dataset);
        about.put("ruleset", Map.of("name", check.ruleset(), "version", check.version()));
        about.put("job", job);
        about.put("runId", check.runId());
        about.put("check", check.id());
        if (result.error() != null) {
            about.put("error", result.error());
            return Panache.withTransaction(() -> update(check.id(), "error", null, null, result.error())
                    .flatMap(v -> audit.append(ACTOR, "dq.check_error", "dataset:" + check.dataset(), null, about))
                    .flatMap(v -> notifications.enqueue("dq.error", about)));
        }
        RunRequest request = request(check, result.check());
        boolean passed = request.rules().stream().allMatch(r -> r.outcome().equals("PASS"));
        return Panache.withTransaction(() -> rulesets.recordRun(check.datasetId(), request, ACTOR).flatMap(run ->
                update(check.id(), passed ? "passed" : "failed", run.id(), result.quarantine(), null)
                        .flatMap(v -> mark(check, run, passed))
                        .flatMap(v -> {
                            about.put("dqRun", run.id());
                            about.put("score", run.score());
                            about.put("rows", Map.of("total", run.rowsTotal(), "passed", run.rowsPassed(), "failed",
                                    run.rowsFailed()));
                            about.put("failedRules", run.rules().stream().filter(r -> !r.outcome().equals("PASS"))
                                    .map(r -> Map.of("rule", r.rule(), "outcome", r.outcome(), "message", r.message()))
                                    .toList());
                            about.put("quarantine", result.quarantine());
                            return audit.append(ACTOR, passed ? "dq.check_passed" : "dq.check_failed",
                                    "dataset:" + check.dataset(), null, about);
                        })
                        .flatMap(v -> passed ? Uni.createFrom().voidItem() : notifications.enqueue("dq.failed", about))));
    }

    private static Uni<Void> update(long id, String state, Long dqRun, String quarantine, String error) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        update quality_check set state = :state, dq_run_id = cast(:run as bigint),
                            quarantine = cast(:quarantine as text), error = cast(:error as text), finished_at = now()
                        where id = :id""")
                .setParameter("state", state).setParameter("run", dqRun).setParameter("quarantine", quarantine)
                .setParameter("error", error).setParameter("id", id).executeUpdate()).replaceWithVoid();
    }

    /** The DQ run belongs to the job's run; the dataset version that run wrote passed or failed. */
    private static Uni<Void> mark(Claimed check, RunView run, boolean passed) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        with tied as (update dq_run set lineage_run_id = cast(:lineageRun as uuid) where id = :run)
                        update dataset_version set quality = :quality
                        where dataset_id = :dataset and run_id = cast(:lineageRun as uuid)""")
                .setParameter("lineageRun", check.runId()).setParameter("run", run.id())
                .setParameter("quality", passed ? "passed" : "failed").setParameter("dataset", check.datasetId())
                .executeUpdate()).replaceWithVoid();
    }

    private RunRequest request(Claimed check, JsonNode result) {
        List<RuleOutcome> rules = new ArrayList<>();
        for (JsonNode rule : result.path("rules")) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            rule.path("metrics").fields().forEachRemaining(m -> metrics.put(m.getKey(), m.getValue().asDouble()));
            rules.add(new RuleOutcome(rule.path("rule").asText(), rule.path("outcome").asText(),
                    rule.path("message").asText(), metrics));
        }
        JsonNode rows = result.path("rows");
        return new RunRequest(check.ruleset(), check.version(), check.jobNamespace(), check.jobName(),
                result.path("score").asDouble(), rows.path("total").asLong(), rows.path("passed").asLong(),
                rows.path("failed").asLong(), rules);
    }
}
