package io.steward.service.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.steward.pii.EntityType;
import io.steward.service.api.ApiException;
import io.steward.service.audit.AuditLog;
import io.steward.service.lineage.TagPropagation;
import io.steward.service.notify.Notifications;
import io.steward.service.catalog.CatalogApi.ColumnView;
import io.steward.service.catalog.CatalogApi.DatasetRequest;
import io.steward.service.catalog.CatalogApi.DatasetView;
import io.steward.service.catalog.CatalogApi.ReviewItem;
import io.steward.service.catalog.CatalogApi.Field;
import io.steward.service.catalog.CatalogApi.SchemaDiff;
import io.steward.service.catalog.CatalogApi.SchemaRecorded;
import io.steward.service.catalog.CatalogApi.SchemaRequest;
import io.steward.service.catalog.CatalogApi.SchemaVersionView;
import io.steward.service.catalog.CatalogApi.TagProposal;
import io.steward.service.catalog.CatalogApi.TagReview;
import io.steward.service.catalog.CatalogApi.TagView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The catalog: datasets, their schema versions and columns, and the PII tags on columns. Every change is audited. */
@ApplicationScoped
public class CatalogService {

    static final Set<String> CLASSIFICATIONS = Set.of("public", "internal", "confidential", "restricted");
    static final Set<String> SCHEMA_POLICIES = Set.of("update", "additive", "freeze");
    private static final TypeReference<List<Field>> FIELDS = new TypeReference<>() {
    };

    private final AuditLog audit;
    private final ObjectMapper json;
    private final Notifications notifications;

    public CatalogService(AuditLog audit, ObjectMapper json, Notifications notifications) {
        this.audit = audit;
        this.json = json;
        this.notifications = notifications;
    }

    @WithTransaction
    public Uni<DatasetView> register(DatasetRequest request, String actor) {
        validate(request);
        return Dataset.<Dataset>find("namespace = ?1 and name = ?2", request.namespace(), request.name()).<Dataset>firstResult()
                .flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().failure(new ApiException(Response.Status.CONFLICT, "dataset "
                                + request.namespace() + ":" + request.name() + " already exists (id " + existing.id + ")"));
                    }
                    Dataset dataset = new Dataset();
                    apply(dataset, request);
                    return dataset.<Dataset>persist();
                })
                .flatMap(dataset -> audit.append(actor, "dataset.register", target(dataset), null, request)
                        .replaceWith(dataset))
                .flatMap(this::view);
    }

    @WithTransaction
    public Uni<DatasetView> update(long id, DatasetRequest request, String actor) {
        validate(request);
        return find(id).flatMap(dataset -> {
            DatasetRequest before = request(dataset);
            apply(dataset, request);
            return audit.append(actor, "dataset.update", target(dataset), before, request).replaceWith(dataset);
        }).flatMap(this::view);
    }

    @WithSession
    public Uni<DatasetView> get(long id) {
        return find(id).flatMap(this::view);
    }

    /** The dataset with exactly this namespace and name, with its columns: a list of one, or empty. */
    @WithSession
    public Uni<List<DatasetView>> named(String namespace, String name) {
        return Dataset.<Dataset>find("namespace = ?1 and name = ?2", namespace, name).<Dataset>firstResult()
                .flatMap(dataset -> dataset == null ? Uni.createFrom().item(List.<DatasetView>of())
                        : view(dataset).map(List::of));
    }

    /** Datasets whose namespace, name or description contains the text (any case), by name; columns left out. */
    @WithSession
    public Uni<List<DatasetView>> search(String text, int limit) {
        String pattern = "%" + (text == null ? "" : text.toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")) + "%";
        return Dataset.<Dataset>find("lower(namespace) like ?1 or lower(name) like ?1 or lower(description) like ?1 "
                        + "order by namespace, name", pattern)
                .page(0, Math.max(1, Math.min(limit, 1000))).list()
                .map(found -> found.stream().map(d -> summary(d, List.of())).toList());
    }

    /**
     * Records a schema: a new version when it differs from the latest (columns added, removed or
     * retyped; tags of removed columns go with them), none when it is the same, and none when the
     * dataset's schema policy refuses the change: then the refusal is audited (schema.refused,
     * with the diff) and the outcome says why.
     */
    @WithTransaction
    public Uni<SchemaRecorded> recordSchema(long id, SchemaRequest request, String actor) {
        List<Field> fields = validate(request);
        return find(id).flatMap(dataset -> recordSchema(dataset, fields, actor));
    }

    /** As {@link #recordSchema(long, SchemaRequest, String)}, inside the caller's transaction. */
    Uni<SchemaRecorded> recordSchema(Dataset dataset, List<Field> fields, String actor) {
        return SchemaVersion.<SchemaVersion>find("datasetId = ?1 order by version desc", dataset.id)
                .<SchemaVersion>firstResult().flatMap(latest -> {
                    List<Field> previous = latest == null ? List.of() : fields(latest);
                    SchemaDiff diff = SchemaDiffs.between(previous, fields);
                    String policy = dataset.schemaPolicy;
                    if (latest != null && diff.isEmpty()) {
                        return Uni.createFrom().item(new SchemaRecorded("unchanged", new SchemaVersionView(
                                latest.version, latest.createdAt, previous, diff), policy, null));
                    }
                    String refusal = latest == null ? null : refusal(policy, diff);
                    if (refusal != null) {
                        return audit.append(actor, "schema.refused", target(dataset), previous, Map.of("fields", fields,
                                        "diff", diff, "policy", policy))
                                .call(entry -> notifications.enqueue("schema.refused", Map.of("dataset", Map.of("id",
                                        dataset.id, "namespace", dataset.namespace, "name", dataset.name), "policy",
                                        policy, "message", refusal, "diff", diff)))
                                .map(entry -> new SchemaRecorded("refused", new SchemaVersionView(latest.version,
                                        latest.createdAt, previous, diff), policy, refusal));
                    }
                    SchemaVersion version = new SchemaVersion();
                    version.datasetId = dataset.id;
                    version.version = latest == null ? 1 : latest.version + 1;
                    version.fields = text(fields);
                    return version.<SchemaVersion>persist()
                            .flatMap(saved -> replaceColumns(dataset.id, fields))
                            .flatMap(done -> audit.append(actor, "schema.record", target(dataset),
                                    previous, fields))
                            .map(entry -> new SchemaRecorded(latest == null ? "created" : "changed",
                                    new SchemaVersionView(version.version, Instant.now(), fields, diff), policy,
                                    diff.breaking() ? "breaking change: " + describe(diff) : null));
                });
    }

    /** A crawled dataset as recorded: its id, whether the crawl registered it, and what its schema did. */
    public record Crawled(long id, boolean registered, SchemaRecorded schema) {
    }

    /**
     * Records what a crawl found of a dataset, in the caller's transaction: the dataset registered
     * when new (audited as dataset.register), its partitions and crawl time, then its schema as
     * its policy allows.
     */
    public Uni<Crawled> recordCrawled(DatasetRequest request, String partitionKeys, Integer partitions,
                                      List<Field> fields, String actor) {
        validate(request);
        List<Field> checked = validate(new SchemaRequest(fields));
        return Dataset.<Dataset>find("namespace = ?1 and name = ?2", request.namespace(), request.name())
                .<Dataset>firstResult().flatMap(existing -> {
                    if (existing != null) {
                        return crawled(existing, false, request, partitionKeys, partitions, checked, actor);
                    }
                    Dataset dataset = new Dataset();
                    apply(dataset, request);
                    return dataset.<Dataset>persist().call(d -> audit.append(actor, "dataset.register", target(d),
                            null, request)).flatMap(d -> crawled(d, true, request, partitionKeys, partitions, checked,
                            actor));
                });
    }

    private Uni<Crawled> crawled(Dataset dataset, boolean registered, DatasetRequest request, String partitionKeys,
                                 Integer partitions, List<Field> fields, String actor) {
        if (dataset.location == null) { // a dataset known only from lineage learns where it is
            dataset.location = request.location();
        }
        if (dataset.format == null) {
            dataset.format = request.format();
        }
        dataset.partitionKeys = partitionKeys;
        dataset.partitions = partitions;
        dataset.crawledAt = Instant.now();
        return recordSchema(dataset, fields, actor).map(recorded -> new Crawled(dataset.id, registered, recorded));
    }

    /** Why the policy refuses the change, or null when it allows it. */
    private static String refusal(String policy, SchemaDiff diff) {
        return switch (policy) {
            case "freeze" -> "the schema is frozen; the data now differs: " + describe(diff);
            case "additive" -> diff.removed().isEmpty() && diff.changed().isEmpty() ? null
                    : "only added columns are allowed; the data now differs: " + describe(diff);
            default -> null;
        };
    }

    /** "added a (int); removed b (string); c: int -> bigint" */
    static String describe(SchemaDiff diff) {
        List<String> parts = new ArrayList<>();
        diff.added().forEach(f -> parts.add("added " + f.name() + " (" + f.type() + ")"));
        diff.removed().forEach(f -> parts.add("removed " + f.name() + " (" + f.type() + ")"));
        diff.changed().forEach(c -> parts.add(c.name() + ": " + c.from() + " -> " + c.to()));
        return String.join("; ", parts);
    }

    @WithSession
    public Uni<List<SchemaVersionView>> schemaVersions(long id) {
        return find(id).flatMap(dataset -> SchemaVersion.<SchemaVersion>find("datasetId = ?1 order by version", id)
                .list()).map(versions -> {
                    List<SchemaVersionView> views = new ArrayList<>();
                    List<Field> previous = List.of();
                    for (SchemaVersion version : versions) {
                        List<Field> fields = fields(version);
                        views.add(new SchemaVersionView(version.version, version.createdAt, fields,
                                SchemaDiffs.between(previous, fields)));
                        previous = fields;
                    }
                    return views;
                });
    }

    /**
     * Records proposed tags. A tag already on the column keeps its review: a new scan refreshes
     * the confidence and explanation of a proposed tag, and never reopens a confirmed or rejected one.
     */
    @WithTransaction
    public Uni<DatasetView> proposeTags(long id, List<TagProposal> proposals, String actor) {
        if (proposals == null || proposals.isEmpty()) {
            throw ApiException.badRequest("no tags proposed");
        }
        proposals.forEach(CatalogService::validate);
        return find(id).flatMap(dataset -> DatasetColumn.<DatasetColumn>find("datasetId", id).list()
                .flatMap(columns -> {
                    Map<String, DatasetColumn> byName = columns.stream()
                            .collect(Collectors.toMap(c -> c.name, Function.identity()));
                    for (TagProposal proposal : proposals) {
                        if (!byName.containsKey(proposal.column())) {
                            throw new ApiException(Response.Status.BAD_REQUEST, "dataset " + target(dataset)
                                    + " has no column '" + proposal.column() + "'; record its schema first",
                                    List.of("columns: " + String.join(", ", byName.keySet())));
                        }
                    }
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (TagProposal proposal : proposals) {
                        DatasetColumn column = byName.get(proposal.column());
                        chain = chain.flatMap(v -> upsert(column, proposal));
                    }
                    // The new tags follow lineage from their columns.
                    List<Long> tagged = proposals.stream().map(p -> byName.get(p.column()).id).toList();
                    return chain.flatMap(v -> io.quarkus.hibernate.reactive.panache.Panache.getSession())
                            .flatMap(session -> TagPropagation.from(session, List.of(), tagged));
                })
                .flatMap(v -> audit.append(actor, "tags.propose", target(dataset), null, proposals))
                .flatMap(entry -> view(dataset)));
    }

    /** The PII review queue: tags in a state (proposed by default), most confident first. */
    @WithSession
    public Uni<List<ReviewItem>> tags(String state, int limit) {
        String wanted = state == null ? "proposed" : state.toLowerCase(Locale.ROOT);
        if (!Set.of("proposed", "confirmed", "rejected").contains(wanted)) {
            throw ApiException.badRequest("state is proposed, confirmed or rejected");
        }
        return io.quarkus.hibernate.reactive.panache.Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        select t.id, d.id, d.namespace || ':' || d.name, c.name, t.entity_type, t.confidence, t.source,
                               t.review_state, t.explanation, t.masked, t.transform, t.evidence
                        from column_tag t join dataset_column c on c.id = t.column_id join dataset d on d.id = c.dataset_id
                        where t.review_state = :state order by t.confidence desc, t.id limit :limit""", Object[].class)
                .setParameter("state", wanted).setParameter("limit", Math.max(1, Math.min(limit, 1000)))
                .getResultList()
                .map(rows -> rows.stream().map(r -> new ReviewItem(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                        (String) r[2], (String) r[3], (String) r[4], ((Number) r[5]).doubleValue(), (String) r[6],
                        (String) r[7], (String) r[8], (Boolean) r[9], (String) r[10], evidence((String) r[11]))).toList()));
    }

    @WithTransaction
    public Uni<TagView> review(long tagId, TagReview review, String actor) {
        String state = review == null || review.state() == null ? "" : review.state().toLowerCase(Locale.ROOT);
        if (!state.equals("confirmed") && !state.equals("rejected")) {
            throw ApiException.badRequest("a review is {\"state\": \"confirmed\"} or {\"state\": \"rejected\"}");
        }
        return ColumnTag.<ColumnTag>findById(tagId).flatMap(tag -> {
            if (tag == null) {
                return Uni.createFrom().failure(ApiException.notFound("tag " + tagId));
            }
            TagView before = tagView(tag);
            boolean wasRejected = tag.reviewState.equals("rejected");
            tag.reviewState = state;
            tag.reviewer = actor;
            tag.reviewedAt = Instant.now();
            return followLineage(tag, wasRejected)
                    .flatMap(v -> audit.append(actor, "tag.review", "tag:" + tagId, before, tagView(tag)))
                    .map(e -> tagView(tag));
        });
    }

    /**
     * What a review changes downstream: a rejection withdraws the proposed tags that followed
     * lineage from or through the column; taking a rejection back lets lineage carry the tag again.
     */
    private static Uni<Void> followLineage(ColumnTag tag, boolean wasRejected) {
        boolean rejected = tag.reviewState.equals("rejected");
        if (rejected == wasRejected) {
            return Uni.createFrom().voidItem();
        }
        // The new review state must be in the database before the propagation statements read it.
        return io.quarkus.hibernate.reactive.panache.Panache.getSession().flatMap(session -> session.flush()
                .flatMap(v -> rejected ? TagPropagation.rejected(session, tag.columnId, tag.entityType)
                        : TagPropagation.from(session, List.of(), List.of(tag.columnId))));
    }

    private Uni<Void> upsert(DatasetColumn column, TagProposal proposal) {
        String type = proposal.entityType().toUpperCase(Locale.ROOT);
        return ColumnTag.<ColumnTag>find("columnId = ?1 and entityType = ?2", column.id, type).<ColumnTag>firstResult()
                .flatMap(existing -> {
                    if (existing != null) {
                        if (existing.reviewState.equals("proposed")) {
                            existing.confidence = proposal.confidence();
                            existing.explanation = proposal.explanation();
                            existing.evidence = evidence(proposal);
                        }
                        return Uni.createFrom().voidItem();
                    }
                    ColumnTag tag = new ColumnTag();
                    tag.columnId = column.id;
                    tag.entityType = type;
                    tag.confidence = proposal.confidence();
                    tag.source = proposal.source() == null ? "detected" : proposal.source().toLowerCase(Locale.ROOT);
                    tag.reviewState = "proposed";
                    tag.explanation = proposal.explanation();
                    tag.evidence = evidence(proposal);
                    return tag.persist().replaceWithVoid();
                });
    }

    /** Makes the columns match the fields: removed ones (and their tags) go, new ones come, the rest are retyped. */
    private Uni<Void> replaceColumns(long datasetId, List<Field> fields) {
        Set<String> names = fields.stream().map(Field::name).collect(Collectors.toSet());
        return DatasetColumn.<DatasetColumn>find("datasetId", datasetId).list().flatMap(existing -> {
            Map<String, DatasetColumn> byName = existing.stream()
                    .collect(Collectors.toMap(c -> c.name, Function.identity()));
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (DatasetColumn column : existing) {
                if (!names.contains(column.name)) {
                    chain = chain.flatMap(v -> column.delete());
                }
            }
            for (int i = 0; i < fields.size(); i++) {
                Field field = fields.get(i);
                int position = i;
                DatasetColumn column = byName.get(field.name());
                if (column != null) {
                    column.dataType = field.type();
                    column.position = position;
                } else {
                    DatasetColumn created = new DatasetColumn();
                    created.datasetId = datasetId;
                    created.name = field.name();
                    created.dataType = field.type();
                    created.position = position;
                    chain = chain.flatMap(v -> created.persist().replaceWithVoid());
                }
            }
            return chain;
        });
    }

    private Uni<Dataset> find(long id) {
        return Dataset.<Dataset>findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("dataset " + id));
    }

    private Uni<DatasetView> view(Dataset dataset) {
        return DatasetColumn.<DatasetColumn>find("datasetId = ?1 order by position", dataset.id).list()
                .flatMap(columns -> {
                    List<Long> ids = columns.stream().map(c -> c.id).toList();
                    Uni<List<ColumnTag>> tags = ids.isEmpty() ? Uni.createFrom().item(List.of())
                            : ColumnTag.<ColumnTag>find("columnId in ?1 order by entityType", ids).list();
                    return tags.map(all -> {
                        Map<Long, List<TagView>> byColumn = all.stream().collect(Collectors.groupingBy(
                                t -> t.columnId, Collectors.mapping(CatalogService::tagView, Collectors.toList())));
                        return summary(dataset, columns.stream().map(c -> new ColumnView(c.name, c.dataType, c.position,
                                byColumn.getOrDefault(c.id, List.of()))).toList());
                    });
                });
    }

    private static DatasetView summary(Dataset d, List<ColumnView> columns) {
        return new DatasetView(d.id, d.namespace, d.name, d.location, d.format, d.owner, d.description,
                d.classification, d.schemaPolicy, d.blockFailedReads, partitionKeys(d.partitionKeys), d.partitions,
                d.crawledAt, d.createdAt, d.updatedAt, columns);
    }

    private String evidence(TagProposal proposal) {
        if (proposal.evidence() == null || proposal.evidence().isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(proposal.evidence());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TagView tagView(ColumnTag t) {
        return new TagView(t.id, t.entityType, t.confidence, t.source, t.reviewState, t.reviewer, t.reviewedAt,
                t.explanation, t.masked, t.transform, evidence(t.evidence));
    }

    /** The evidence column's JSON array (or nothing). */
    static List<String> evidence(String stored) {
        if (stored == null) {
            return List.of();
        }
        try {
            return EVIDENCE_JSON.readValue(stored, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("column_tag.evidence is not a JSON array of strings: " + stored, e);
        }
    }

    /** The partition_keys column's JSON array, or null when the dataset is not partitioned (or not crawled). */
    private static List<String> partitionKeys(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return EVIDENCE_JSON.readValue(stored, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dataset.partition_keys is not a JSON array of strings: " + stored, e);
        }
    }

    private static final ObjectMapper EVIDENCE_JSON = new ObjectMapper();

    private static void apply(Dataset dataset, DatasetRequest request) {
        dataset.namespace = request.namespace();
        dataset.name = request.name();
        dataset.location = request.location();
        dataset.format = request.format();
        dataset.owner = request.owner();
        dataset.description = request.description();
        dataset.classification = request.classification() == null ? "internal"
                : request.classification().toLowerCase(Locale.ROOT);
        dataset.schemaPolicy = request.schemaPolicy() == null ? "update"
                : request.schemaPolicy().toLowerCase(Locale.ROOT);
        dataset.blockFailedReads = Boolean.TRUE.equals(request.blockFailedReads());
        dataset.updatedAt = Instant.now();
    }

    private static DatasetRequest request(Dataset d) {
        return new DatasetRequest(d.namespace, d.name, d.location, d.format, d.owner, d.description, d.classification,
                d.schemaPolicy, d.blockFailedReads);
    }

    static String target(Dataset dataset) {
        return "dataset:" + dataset.namespace + ":" + dataset.name;
    }

    private static void validate(DatasetRequest request) {
        if (request == null || blank(request.namespace()) || blank(request.name())) {
            throw ApiException.badRequest("a dataset needs a namespace and a name, as OpenLineage names it "
                    + "(e.g. {\"namespace\": \"s3://lake\", \"name\": \"sales.orders\"})");
        }
        if (request.classification() != null
                && !CLASSIFICATIONS.contains(request.classification().toLowerCase(Locale.ROOT))) {
            throw ApiException.badRequest("classification '" + request.classification()
                    + "' is not one of public, internal, confidential, restricted");
        }
        if (request.schemaPolicy() != null
                && !SCHEMA_POLICIES.contains(request.schemaPolicy().toLowerCase(Locale.ROOT))) {
            throw ApiException.badRequest("schemaPolicy '" + request.schemaPolicy()
                    + "' is not one of update, additive, freeze");
        }
    }

    private static List<Field> validate(SchemaRequest request) {
        if (request == null || request.fields() == null || request.fields().isEmpty()) {
            throw ApiException.badRequest("a schema needs at least one field {\"name\", \"type\"}");
        }
        Set<String> seen = new HashSet<>();
        for (Field field : request.fields()) {
            if (field == null || blank(field.name()) || blank(field.type())) {
                throw ApiException.badRequest("every field needs a name and a type");
            }
            if (!seen.add(field.name())) {
                throw ApiException.badRequest("field '" + field.name() + "' appears twice");
            }
        }
        return List.copyOf(request.fields());
    }

    private static void validate(TagProposal proposal) {
        if (proposal == null || blank(proposal.column()) || blank(proposal.entityType())) {
            throw ApiException.badRequest("a tag needs a column and an entityType");
        }
        try {
            EntityType.valueOf(proposal.entityType().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("unknown entity type '" + proposal.entityType() + "'; one of "
                    + java.util.Arrays.toString(EntityType.values()));
        }
        if (!(proposal.confidence() >= 0 && proposal.confidence() <= 1)) {
            throw ApiException.badRequest("confidence of " + proposal.column() + " must be between 0 and 1");
        }
        if (proposal.evidence() != null && (proposal.evidence().size() > 5
                || proposal.evidence().stream().anyMatch(e -> e == null || e.length() > 200))) {
            throw ApiException.badRequest("evidence of " + proposal.column() + " is at most 5 masked spans of at most "
                    + "200 characters");
        }
        if (proposal.source() != null && !Set.of("detected", "manual").contains(proposal.source().toLowerCase(Locale.ROOT))) {
            throw ApiException.badRequest("a proposed tag's source is detected or manual (propagated tags come from lineage)");
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private List<Field> fields(SchemaVersion version) {
        try {
            return json.readValue(version.fields, FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("schema version " + version.id + " holds unreadable fields", e);
        }
    }

    private String text(List<Field> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
