package io.steward.service.rulesets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.steward.dqdl.Diagnostic;
import io.steward.dqdl.Dqdl;
import io.steward.dqdl.ParseResult;
import io.steward.service.api.ApiException;
import io.steward.service.audit.AuditLog;
import io.steward.service.catalog.Dataset;
import io.steward.service.catalog.Job;
import io.steward.service.rulesets.RulesetApi.AttachRequest;
import io.steward.service.rulesets.RulesetApi.AttachmentView;
import io.steward.service.rulesets.RulesetApi.RuleOutcome;
import io.steward.service.rulesets.RulesetApi.RulesetView;
import io.steward.service.rulesets.RulesetApi.RunRequest;
import io.steward.service.rulesets.RulesetApi.RunView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Rulesets: DQDL text validated on save and kept in versions; attached to datasets and jobs; and
 * the DQ runs evaluated with them. Every change is audited.
 */
@ApplicationScoped
public class RulesetService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Set<String> OUTCOMES = Set.of("PASS", "FAIL", "ERROR");
    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {
    };

    private final AuditLog audit;
    private final ObjectMapper json;

    public RulesetService(AuditLog audit, ObjectMapper json) {
        this.audit = audit;
        this.json = json;
    }

    /**
     * Saves a ruleset's text as its next version, after dqdl-grammar accepts it (errors come back
     * as 400 with "line L:C: message" details); saving the same text again adds no version.
     */
    @WithTransaction
    public Uni<RulesetView> save(String name, String text, String actor) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("a ruleset name is letters, digits, '.', '_' and '-' (at most 128), found '"
                    + name + "'");
        }
        ParseResult parsed = Dqdl.parse(text == null ? "" : text);
        if (!parsed.isValid()) {
            throw new ApiException(Response.Status.BAD_REQUEST, "ruleset '" + name + "' is not valid DQDL",
                    parsed.errors().stream().map(Diagnostic::toString).toList());
        }
        return Ruleset.<Ruleset>find("name", name).<Ruleset>firstResult()
                .flatMap(existing -> existing != null ? Uni.createFrom().item(existing) : created(name))
                .flatMap(ruleset -> latest(ruleset).flatMap(latest -> {
                    if (latest != null && latest.text.equals(text)) {
                        return Uni.createFrom().item(view(name, latest));
                    }
                    RulesetVersion version = new RulesetVersion();
                    version.rulesetId = ruleset.id;
                    version.version = latest == null ? 1 : latest.version + 1;
                    version.text = text;
                    version.createdBy = actor;
                    return version.<RulesetVersion>persist()
                            .flatMap(saved -> audit.append(actor, "ruleset.save", "ruleset:" + name,
                                    latest == null ? null : Map.of("version", latest.version),
                                    Map.of("version", saved.version, "text", text)))
                            .map(entry -> new RulesetView(name, version.version, text, actor, Instant.now()));
                }));
    }

    @WithSession
    public Uni<RulesetView> get(String name) {
        return find(name).flatMap(ruleset -> latest(ruleset).map(latest -> view(name, latest)));
    }

    @WithSession
    public Uni<List<RulesetView>> versions(String name) {
        return find(name).flatMap(ruleset -> RulesetVersion.<RulesetVersion>find("rulesetId = ?1 order by version",
                ruleset.id).list()).map(versions -> versions.stream().map(v -> view(name, v)).toList());
    }

    @WithTransaction
    public Uni<AttachmentView> attach(String name, AttachRequest request, String actor) {
        boolean job = request != null && request.jobNamespace() != null && request.jobName() != null;
        if (request == null || request.datasetId() == null && !job) {
            throw ApiException.badRequest("attach to a datasetId, to a job (jobNamespace and jobName), or to both");
        }
        return find(name).flatMap(ruleset -> dataset(request.datasetId())
                .flatMap(dataset -> (job ? jobNamed(request.jobNamespace(), request.jobName(), true)
                        : Uni.createFrom().<Job>nullItem())
                        .flatMap(found -> {
                            RulesetAttachment attachment = new RulesetAttachment();
                            attachment.rulesetId = ruleset.id;
                            attachment.datasetId = request.datasetId();
                            attachment.jobId = found == null ? null : found.id;
                            AttachmentView view = new AttachmentView(0, name, request.datasetId(),
                                    request.jobNamespace(), request.jobName());
                            return attachment.<RulesetAttachment>persist()
                                    .flatMap(saved -> audit.append(actor, "ruleset.attach", "ruleset:" + name, null,
                                            view).map(e -> new AttachmentView(saved.id, name, saved.datasetId,
                                            request.jobNamespace(), request.jobName())));
                        })));
    }

    /**
     * The latest version of every ruleset that applies when the job checks the dataset: those
     * attached to the dataset alone, to the job alone, and to the dataset as that job writes it.
     */
    @WithSession
    public Uni<List<RulesetView>> applicable(Long datasetId, String jobNamespace, String jobName) {
        Uni<Job> job = jobNamespace == null || jobName == null ? Uni.createFrom().nullItem()
                : jobNamed(jobNamespace, jobName, false);
        return job.flatMap(found -> {
            Long jobId = found == null ? null : found.id;
            return RulesetAttachment.<RulesetAttachment>find("(datasetId = ?1 and (jobId is null or jobId = ?2)) "
                            + "or (jobId = ?2 and datasetId is null)", datasetId == null ? -1L : datasetId,
                    jobId == null ? -1L : jobId).list()
                    .map(attachments -> attachments.stream().map(a -> a.rulesetId).distinct().toList());
        }).flatMap(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<RulesetView>of())
                : Ruleset.<Ruleset>find("id in ?1 order by name", ids).list().flatMap(rulesets -> {
                    Uni<List<RulesetView>> all = Uni.createFrom().item(new ArrayList<>());
                    for (Ruleset ruleset : rulesets) {
                        all = all.flatMap(list -> latest(ruleset).map(latest -> {
                            list.add(view(ruleset.name, latest));
                            return list;
                        }));
                    }
                    return all;
                }));
    }

    @WithTransaction
    public Uni<RunView> recordRun(long datasetId, RunRequest request, String actor) {
        validate(request);
        return dataset(datasetId).flatMap(dataset -> (request.jobNamespace() != null && request.jobName() != null
                ? jobNamed(request.jobNamespace(), request.jobName(), true) : Uni.createFrom().<Job>nullItem())
                .flatMap(job -> rulesetVersion(request).flatMap(version -> {
                    DqRun run = new DqRun();
                    run.datasetId = datasetId;
                    run.jobId = job == null ? null : job.id;
                    run.rulesetVersionId = version == null ? null : version.id;
                    run.score = request.score();
                    run.rowsTotal = request.rowsTotal();
                    run.rowsPassed = request.rowsPassed();
                    run.rowsFailed = request.rowsFailed();
                    run.finishedAt = Instant.now();
                    return run.<DqRun>persist();
                }))
                .flatMap(run -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (RuleOutcome rule : request.rules()) {
                        DqRuleResult result = new DqRuleResult();
                        result.runId = run.id;
                        result.rule = rule.rule();
                        result.outcome = rule.outcome();
                        result.message = rule.message() == null ? "" : rule.message();
                        result.metrics = text(rule.metrics() == null ? Map.of() : rule.metrics());
                        chain = chain.flatMap(v -> result.persist().replaceWithVoid());
                    }
                    return chain.flatMap(v -> audit.append(actor, "dq.run", "dataset:" + dataset.namespace + ":"
                                    + dataset.name, null, Map.of("run", run.id, "score", run.score)))
                            .map(e -> new RunView(run.id, datasetId, request.ruleset(), request.rulesetVersion(),
                                    run.score, run.rowsTotal, run.rowsPassed, run.rowsFailed, run.finishedAt,
                                    request.rules()));
                }));
    }

    /** One value per earlier run that measured the metric, the most recent first (one query). */
    @WithSession
    public Uni<List<Double>> metric(long datasetId, String name, int limit) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("name the metric, e.g. ?name=Dataset.*.RowCount");
        }
        return dataset(datasetId).flatMap(dataset -> io.quarkus.hibernate.reactive.panache.Panache.getSession()
                .flatMap(session -> session.createNativeQuery("select value from (select distinct on (u.id) u.id, "
                                + "u.finished_at, cast(r.metrics as jsonb) ->> :name as value from dq_rule_result r join "
                                + "dq_run u on u.id = r.run_id where u.dataset_id = :dataset and "
                                + "jsonb_exists(cast(r.metrics as jsonb), :name) order by u.id) per_run "
                                + "order by finished_at desc, id desc limit :limit", String.class)
                        .setParameter("name", name).setParameter("dataset", datasetId)
                        .setParameter("limit", Math.max(1, Math.min(limit, 1000))).getResultList()))
                .map(values -> values.stream().map(Double::valueOf).toList());
    }

    /** The newest runs of a dataset first, with their rulesets and rule outcomes (set-based: no query per run). */
    @WithSession
    public Uni<List<RunView>> runs(long datasetId, int limit) {
        return dataset(datasetId).flatMap(dataset -> DqRun.<DqRun>find("datasetId = ?1 order by finishedAt desc, id desc",
                datasetId).page(0, Math.max(1, Math.min(limit, 1000))).list())
                .flatMap(runs -> {
                    if (runs.isEmpty()) {
                        return Uni.createFrom().item(List.<RunView>of());
                    }
                    List<Long> ids = runs.stream().map(r -> r.id).toList();
                    List<Long> versionIds = runs.stream().map(r -> r.rulesetVersionId).filter(java.util.Objects::nonNull)
                            .distinct().toList();
                    Uni<Map<Long, RulesetView>> versions = versionIds.isEmpty() ? Uni.createFrom().item(Map.of())
                            : RulesetVersion.<RulesetVersion>find("id in ?1", versionIds).list().flatMap(found ->
                            Ruleset.<Ruleset>find("id in ?1", found.stream().map(v -> v.rulesetId).distinct().toList())
                                    .list().map(rulesets -> {
                                        Map<Long, String> names = rulesets.stream()
                                                .collect(Collectors.toMap(r -> r.id, r -> r.name));
                                        return found.stream().collect(Collectors.toMap(v -> v.id,
                                                v -> view(names.get(v.rulesetId), v)));
                                    }));
                    return versions.flatMap(byVersion -> DqRuleResult.<DqRuleResult>find("runId in ?1 order by id", ids)
                            .list().map(results -> {
                                Map<Long, List<RuleOutcome>> byRun = results.stream().collect(Collectors.groupingBy(
                                        r -> r.runId, Collectors.mapping(r -> new RuleOutcome(r.rule, r.outcome,
                                                r.message, metrics(r.metrics)), Collectors.toList())));
                                return runs.stream().map(run -> {
                                    RulesetView ruleset = run.rulesetVersionId == null ? null
                                            : byVersion.get(run.rulesetVersionId);
                                    return new RunView(run.id, run.datasetId, ruleset == null ? null : ruleset.name(),
                                            ruleset == null ? null : ruleset.version(), run.score, run.rowsTotal,
                                            run.rowsPassed, run.rowsFailed, run.finishedAt,
                                            byRun.getOrDefault(run.id, List.of()));
                                }).toList();
                            }));
                });
    }

    private Uni<Ruleset> created(String name) {
        Ruleset ruleset = new Ruleset();
        ruleset.name = name;
        return ruleset.persist();
    }

    private static Uni<RulesetVersion> latest(Ruleset ruleset) {
        return RulesetVersion.<RulesetVersion>find("rulesetId = ?1 order by version desc", ruleset.id)
                .<RulesetVersion>firstResult();
    }

    private static Uni<Ruleset> find(String name) {
        return Ruleset.<Ruleset>find("name", name).<Ruleset>firstResult().onItem().ifNull()
                .failWith(() -> ApiException.notFound("ruleset '" + name + "'"));
    }

    private static Uni<Dataset> dataset(Long id) {
        if (id == null) {
            return Uni.createFrom().nullItem();
        }
        return Dataset.<Dataset>findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("dataset " + id));
    }

    private static Uni<Job> jobNamed(String namespace, String name, boolean create) {
        return Job.<Job>find("namespace = ?1 and name = ?2", namespace, name).<Job>firstResult().flatMap(job -> {
            if (job != null || !create) {
                return Uni.createFrom().item(job);
            }
            Job created = new Job();
            created.namespace = namespace;
            created.name = name;
            return created.persist();
        });
    }

    private static Uni<RulesetVersion> rulesetVersion(RunRequest request) {
        if (request.ruleset() == null) {
            return Uni.createFrom().nullItem();
        }
        return find(request.ruleset()).flatMap(ruleset -> request.rulesetVersion() == null ? latest(ruleset)
                : RulesetVersion.<RulesetVersion>find("rulesetId = ?1 and version = ?2", ruleset.id,
                        request.rulesetVersion()).<RulesetVersion>firstResult().onItem().ifNull().failWith(() ->
                        ApiException.notFound("version " + request.rulesetVersion() + " of ruleset '"
                                + request.ruleset() + "'")));
    }

    private static RulesetView view(String name, RulesetVersion version) {
        return new RulesetView(name, version.version, version.text, version.createdBy, version.createdAt);
    }

    private static void validate(RunRequest request) {
        if (request == null || request.rules() == null) {
            throw ApiException.badRequest("a run needs its score and rules, as `steward check --json` prints them");
        }
        if (!(request.score() >= 0 && request.score() <= 1)) {
            throw ApiException.badRequest("score must be between 0 and 1, found " + request.score());
        }
        for (RuleOutcome rule : request.rules()) {
            if (rule == null || rule.rule() == null || rule.outcome() == null || !OUTCOMES.contains(rule.outcome())) {
                throw ApiException.badRequest("every rule needs its text and an outcome PASS, FAIL or ERROR");
            }
        }
    }

    private String text(Map<String, Double> metrics) {
        try {
            return json.writeValueAsString(metrics);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Double> metrics(String text) {
        try {
            return json.readValue(text, METRICS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metrics are unreadable: " + text, e);
        }
    }
}
