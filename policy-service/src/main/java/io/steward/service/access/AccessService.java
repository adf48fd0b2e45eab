package io.steward.service.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.steward.masking.RowFilter;
import io.steward.masking.TransformSpec;
import io.steward.pii.EntityType;
import io.steward.service.access.AccessApi.Decision;
import io.steward.service.access.AccessApi.DecisionRequest;
import io.steward.service.access.AccessApi.PolicyRequest;
import io.steward.service.access.AccessApi.PolicyView;
import io.steward.service.access.AccessApi.TagMaskRequest;
import io.steward.service.access.AccessApi.TagMaskView;
import io.steward.service.api.ApiException;
import io.steward.service.audit.AuditLog;
import io.steward.service.catalog.ColumnTag;
import io.steward.service.catalog.Dataset;
import io.steward.service.catalog.DatasetColumn;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Access policies and tag masks, and the decisions made from them. A decision comes from the
 * dataset's model (loaded once per change, see {@link AccessVersion}) and the caller, and is
 * cached per caller, dataset, columns and action until something it depends on changes. Changes
 * bump the version after their transaction commits (the resources do it), so that no decision
 * made from uncommitted data is cached under the new version.
 */
@ApplicationScoped
public class AccessService {

    private static final Set<String> KINDS = Set.of("role", "group", "user");
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };
    /** Decisions kept at most; the cache is emptied when it grows past this. */
    private static final int CACHE_LIMIT = 100_000;

    private record ModelKey(long datasetId, long version) {
    }

    private record DecisionKey(AccessRules.Caller caller, long datasetId, List<String> columns, String action,
                               long version) {
    }

    private final AuditLog audit;
    private final AccessVersion version;
    private final DecisionAudit decisions;
    private final ObjectMapper json;
    private final Map<ModelKey, AccessRules.Model> models = new ConcurrentHashMap<>();
    private final Map<DecisionKey, Decision> cache = new ConcurrentHashMap<>();
    private final Map<String, Long> datasetIds = new ConcurrentHashMap<>();

    public AccessService(AuditLog audit, AccessVersion version, DecisionAudit decisions, ObjectMapper json) {
        this.audit = audit;
        this.version = version;
        this.decisions = decisions;
        this.json = json;
    }

    @WithTransaction
    public Uni<PolicyView> addPolicy(long datasetId, PolicyRequest request, String actor) {
        if (request == null || request.principalKind() == null || !KINDS.contains(request.principalKind())
                || request.principal() == null || request.principal().isBlank()) {
            throw ApiException.badRequest("a policy needs principalKind (role, group or user) and principal");
        }
        if (!"allow".equals(request.effect()) && !"deny".equals(request.effect())) {
            throw ApiException.badRequest("a policy's effect is allow or deny");
        }
        return Dataset.<Dataset>findById(datasetId).onItem().ifNull()
                .failWith(() -> ApiException.notFound("dataset " + datasetId))
                .flatMap(dataset -> DatasetColumn.<DatasetColumn>find("datasetId", datasetId).list().flatMap(columns -> {
                    Set<String> names = columns.stream().map(c -> c.name).collect(Collectors.toSet());
                    if (request.columns() != null) {
                        for (String column : request.columns()) {
                            if (!names.contains(column)) {
                                throw ApiException.badRequest("dataset " + datasetId + " has no column '" + column + "'");
                            }
                        }
                    }
                    String filter = null;
                    if (request.rowFilter() != null && !request.rowFilter().isBlank()) {
                        if ("deny".equals(request.effect())) {
                            throw ApiException.badRequest("a row filter says which rows an allow policy grants; "
                                    + "deny policies take none");
                        }
                        try {
                            filter = RowFilter.parse(request.rowFilter(), names).format();
                        } catch (RowFilter.InvalidFilter e) {
                            throw ApiException.badRequest(e.getMessage());
                        }
                    }
                    AccessPolicy policy = new AccessPolicy();
                    policy.datasetId = datasetId;
                    policy.principalKind = request.principalKind();
                    policy.principal = request.principal();
                    policy.effect = request.effect();
                    policy.columns = request.columns() == null ? null : text(request.columns());
                    policy.rowFilter = filter;
                    policy.createdBy = actor;
                    return policy.<AccessPolicy>persist();
                }))
                .flatMap(policy -> audit.append(actor, "policy.add", "dataset:" + datasetId, null, view(policy))
                        .map(e -> view(policy)));
    }

    @WithSession
    public Uni<List<PolicyView>> policies(long datasetId) {
        return AccessPolicy.<AccessPolicy>find("datasetId = ?1 order by id", datasetId).list()
                .map(list -> list.stream().map(this::view).toList());
    }

    @WithTransaction
    public Uni<Void> removePolicy(long id, String actor) {
        return AccessPolicy.<AccessPolicy>findById(id).onItem().ifNull()
                .failWith(() -> ApiException.notFound("policy " + id))
                .flatMap(policy -> policy.delete().flatMap(v -> audit.append(actor, "policy.remove",
                        "dataset:" + policy.datasetId, view(policy), null)))
                .replaceWithVoid();
    }

    /** Sets how a principal sees columns tagged with a type: replaces the principal's earlier mask for it. */
    @WithTransaction
    public Uni<TagMaskView> setMask(TagMaskRequest request, String actor) {
        if (request == null || request.principalKind() == null || !KINDS.contains(request.principalKind())
                || request.principal() == null || request.entityType() == null || request.transform() == null) {
            throw ApiException.badRequest("a tag mask needs entityType, principalKind (role, group or user), "
                    + "principal and transform");
        }
        String type = request.entityType().toUpperCase(Locale.ROOT);
        try {
            EntityType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("unknown entity type '" + request.entityType() + "'");
        }
        String transform = request.transform().toUpperCase(Locale.ROOT);
        if (!transform.equals(AccessRules.CLEAR)) {
            try {
                // Checked for shape only: the key is applied where the data is read, not here.
                TransformSpec.format(TransformSpec.parse(transform, type, Optional.of(
                        io.steward.masking.MaskingKey.of(new byte[16]))));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage() + " (or CLEAR to show in clear)");
            }
        }
        return TagMask.<TagMask>find("entityType = ?1 and principalKind = ?2 and principal = ?3", type,
                        request.principalKind(), request.principal()).<TagMask>firstResult()
                .flatMap(existing -> {
                    TagMask mask = existing == null ? new TagMask() : existing;
                    TagMaskView before = existing == null ? null : view(existing);
                    mask.entityType = type;
                    mask.principalKind = request.principalKind();
                    mask.principal = request.principal();
                    mask.transform = transform;
                    mask.createdBy = actor;
                    return mask.<TagMask>persist().flatMap(saved -> audit.append(actor, "mask.set", "type:" + type,
                            before, view(saved)).map(e -> view(saved)));
                });
    }

    /** The dataset's location and format, as the catalog holds them. */
    @WithSession
    public Uni<String[]> location(long datasetId) {
        return Dataset.<Dataset>findById(datasetId).onItem().ifNull()
                .failWith(() -> ApiException.notFound("dataset " + datasetId))
                .map(dataset -> new String[] {dataset.location, dataset.format});
    }

    /** Every group a policy or a tag mask names: what the identity provider must know. */
    @WithSession
    public Uni<List<String>> groups() {
        return AccessPolicy.<AccessPolicy>find("principalKind", "group").list().flatMap(policies ->
                TagMask.<TagMask>find("principalKind", "group").list().map(masks -> {
                    java.util.TreeSet<String> names = new java.util.TreeSet<>();
                    policies.forEach(p -> names.add(p.principal));
                    masks.forEach(m -> names.add(m.principal));
                    return List.copyOf(names);
                }));
    }

    @WithSession
    public Uni<List<TagMaskView>> masks() {
        return TagMask.<TagMask>find("order by entityType, principalKind, principal").list()
                .map(list -> list.stream().map(AccessService::view).toList());
    }

    /**
     * The caller's decision, from the cache when nothing it depends on changed since. A cached
     * decision on a dataset named by id touches no database session at all.
     */
    public Uni<Decision> decide(DecisionRequest request, AccessRules.Caller caller) {
        String action = request.action() == null ? "read" : request.action().toLowerCase(Locale.ROOT);
        if (!action.equals("read")) {
            throw ApiException.badRequest("the only action is read, found '" + request.action() + "'");
        }
        List<String> columns = request.columns() == null ? List.of() : List.copyOf(request.columns());
        long current = version.current();
        Long known = request.datasetId() != null ? request.datasetId()
                : request.namespace() == null || request.name() == null ? null
                : datasetIds.get(request.namespace() + "\n" + request.name());
        if (known != null) {
            Decision cached = cache.get(new DecisionKey(caller, known, columns, action, current));
            if (cached != null) {
                decisions.record(cached);
                return Uni.createFrom().item(cached);
            }
        }
        return Panache.withSession(() -> datasetId(request).flatMap(id -> model(id, current).map(model -> {
            Decision made;
            try {
                made = AccessRules.decide(model, caller, columns, action);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            if (cache.size() > CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(new DecisionKey(caller, id, columns, action, current), made);
            return made;
        }))).invoke(decisions::record);
    }

    private Uni<Long> datasetId(DecisionRequest request) {
        if (request.datasetId() != null) {
            return Uni.createFrom().item(request.datasetId());
        }
        if (request.namespace() == null || request.name() == null) {
            throw ApiException.badRequest("name the dataset by datasetId, or by namespace and name");
        }
        String name = request.namespace() + "\n" + request.name();
        Long known = datasetIds.get(name);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return Dataset.<Dataset>find("namespace = ?1 and name = ?2", request.namespace(), request.name())
                .<Dataset>firstResult().onItem().ifNull()
                .failWith(() -> ApiException.notFound("dataset " + request.namespace() + ":" + request.name()))
                .map(dataset -> {
                    datasetIds.put(name, dataset.id);
                    return dataset.id;
                });
    }

    /** The dataset's model at this version: four set-based queries, then kept until the next change. */
    private Uni<AccessRules.Model> model(long datasetId, long at) {
        AccessRules.Model known = models.get(new ModelKey(datasetId, at));
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return Dataset.<Dataset>findById(datasetId).onItem().ifNull()
                .failWith(() -> ApiException.notFound("dataset " + datasetId))
                .flatMap(dataset -> DatasetColumn.<DatasetColumn>find("datasetId = ?1 order by position", datasetId)
                        .list().flatMap(columns -> {
                            List<Long> ids = columns.stream().map(c -> c.id).toList();
                            Uni<List<ColumnTag>> tags = ids.isEmpty() ? Uni.createFrom().item(List.of())
                                    : ColumnTag.<ColumnTag>find("columnId in ?1 and reviewState != 'rejected' "
                                            + "and masked = false", ids).list();
                            return tags.flatMap(found -> AccessPolicy.<AccessPolicy>find("datasetId", datasetId).list()
                                    .flatMap(policies -> blocked(dataset).flatMap(blocked -> TagMask.<TagMask>listAll()
                                            .map(masks -> {
                                        Map<Long, String> names = columns.stream()
                                                .collect(Collectors.toMap(c -> c.id, c -> c.name));
                                        Map<String, List<AccessRules.Tag>> byColumn = found.stream().collect(
                                                Collectors.groupingBy(t -> names.get(t.columnId), Collectors.mapping(
                                                        t -> new AccessRules.Tag(t.entityType, t.confidence),
                                                        Collectors.toList())));
                                        AccessRules.Model model = new AccessRules.Model(datasetId,
                                                dataset.namespace + ":" + dataset.name, dataset.classification,
                                                columns.stream().map(c -> c.name).toList(), byColumn,
                                                policies.stream().map(this::rule).toList(),
                                                masks.stream().map(m -> new AccessRules.Mask(m.entityType,
                                                        m.principalKind, m.principal, m.transform)).toList(), blocked);
                                        models.keySet().removeIf(k -> k.version() < at);
                                        models.put(new ModelKey(datasetId, at), model);
                                        return model;
                                    }))));
                        }));
    }

    /**
     * Why readers are refused, for a dataset that blocks failed reads and whose newest finished
     * quality check (of the newest run checked) failed; empty otherwise.
     */
    private static Uni<Optional<String>> blocked(Dataset dataset) {
        if (!dataset.blockFailedReads) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        select q.state, cast(q.run_id as text), q.dq_run_id from quality_check q
                        where q.dataset_id = :dataset and q.state in ('passed', 'failed')
                        order by q.finished_at desc, q.id desc limit 1""", Object[].class)
                .setParameter("dataset", dataset.id).getResultList())
                .map(rows -> rows.isEmpty() || !"failed".equals(rows.get(0)[0]) ? Optional.<String>empty()
                        : Optional.of("blocked: the newest version (run " + rows.get(0)[1] + ") failed its quality "
                        + "checks (DQ run " + rows.get(0)[2] + ")"));
    }

    private AccessRules.Policy rule(AccessPolicy policy) {
        Optional<Set<String>> columns = policy.columns == null ? Optional.empty()
                : Optional.of(new HashSet<>(names(policy.columns)));
        return new AccessRules.Policy(policy.id, policy.principalKind, policy.principal, policy.effect.equals("allow"),
                columns, Optional.ofNullable(policy.rowFilter));
    }

    private PolicyView view(AccessPolicy policy) {
        return new PolicyView(policy.id == null ? 0 : policy.id, policy.datasetId, policy.principalKind,
                policy.principal, policy.effect, policy.columns == null ? null : names(policy.columns), policy.rowFilter,
                policy.createdBy);
    }

    private static TagMaskView view(TagMask mask) {
        return new TagMaskView(mask.id == null ? 0 : mask.id, mask.entityType, mask.principalKind, mask.principal,
                mask.transform);
    }

    private String text(List<String> names) {
        try {
            return json.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> names(String text) {
        try {
            return json.readValue(text, NAMES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable column list: " + text, e);
        }
    }
}
