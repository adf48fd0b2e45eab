package io.steward.service.erasure;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.steward.service.api.ApiException;
import io.steward.service.api.SqlValues;
import io.steward.service.audit.AuditLog;
import io.steward.service.erasure.EraseApi.Certificate;
import io.steward.service.erasure.EraseApi.Counts;
import io.steward.service.erasure.EraseApi.DatasetCount;
import io.steward.service.erasure.EraseApi.DatasetResult;
import io.steward.service.erasure.EraseApi.Results;
import io.steward.service.erasure.EraseApi.ErasePolicy;
import io.steward.service.erasure.EraseApi.Identifier;
import io.steward.service.erasure.EraseApi.NewRequest;
import io.steward.service.erasure.EraseApi.PlanItem;
import io.steward.service.erasure.EraseApi.RequestView;
import io.steward.service.erasure.EraseApi.Summary;
import io.steward.service.erasure.EraseApi.Transition;
import io.steward.service.lineage.LineageGraph;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.hibernate.reactive.mutiny.Mutiny;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The erase-request workflow: received, planned (every column that can hold the subject, found
 * through PII tags, column names and lineage), approved by a compliance officer other than the
 * requester, or rejected with a reason. Each transition is kept with the request and audited; the
 * audit log gets identifier kinds, never values (it can never be erased itself).
 */
@ApplicationScoped
public class EraseService {

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    /** The states from which a request may still be rejected: nothing has been rewritten yet. */
    private static final Set<String> REJECTABLE = Set.of("received", "planned", "approved");

    private final AuditLog audit;
    private final SigningKey key;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public EraseService(AuditLog audit, SigningKey key, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.audit = audit;
        this.key = key;
        this.json = json;
    }

    @WithTransaction
    public Uni<RequestView> create(NewRequest request, String actor) {
        if (request == null || request.identifiers() == null || request.identifiers().isEmpty()) {
            throw ApiException.badRequest("an erase request names the subject by at least one identifier, "
                    + "e.g. {\"kind\": \"email\", \"value\": \"ann@example.com\"}");
        }
        Set<Identifier> identifiers = new LinkedHashSet<>();
        for (int i = 0; i < request.identifiers().size(); i++) {
            Identifier id = request.identifiers().get(i);
            if (id == null || id.kind() == null || !KIND.matcher(id.kind()).matches()) {
                throw ApiException.badRequest("identifiers[" + i + "].kind must be lower-case letters, digits and '_' "
                        + "(email, phone, customer_id, ...), found " + (id == null ? "nothing" : "'" + id.kind() + "'"));
            }
            if (id.value() == null || id.value().isBlank()) {
                throw ApiException.badRequest("identifiers[" + i + "].value is empty");
            }
            identifiers.add(new Identifier(id.kind(), id.value().strip()));
        }
        if (request.legalBasis() == null || request.legalBasis().isBlank()) {
            throw ApiException.badRequest("legalBasis is required, e.g. \"GDPR Art. 17(1)(a)\"");
        }
        LocalDate today = LocalDate.now();
        LocalDate due = request.dueDate() == null ? today.plusDays(30) : request.dueDate();
        if (due.isBefore(today)) {
            throw ApiException.badRequest("dueDate " + due + " is in the past");
        }
        List<String> kinds = identifiers.stream().map(Identifier::kind).distinct().toList();
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        insert into erase_request (requester, legal_basis, due_date) values (:actor, :basis, :due)
                        returning id""", Long.class)
                .setParameter("actor", actor).setParameter("basis", request.legalBasis().strip())
                .setParameter("due", Date.valueOf(due)).getSingleResult()
                .call(id -> session.createNativeQuery("""
                                insert into erase_identifier (request_id, kind, value)
                                select :id, kind, value from unnest(cast(cast(:kinds as text) as text[]),
                                     cast(cast(:values as text) as text[])) as x(kind, value)""")
                        .setParameter("id", id)
                        .setParameter("kinds", LineageGraph.textArray(identifiers.stream().map(Identifier::kind).toList()))
                        .setParameter("values", LineageGraph.textArray(identifiers.stream().map(Identifier::value).toList()))
                        .executeUpdate())
                .call(id -> transition(session, id, null, "received", actor, null))
                .call(id -> audit.append(actor, "erase.request", target(id), null,
                        Map.of("identifierKinds", kinds, "legalBasis", request.legalBasis().strip(), "dueDate",
                                due.toString())))
                .flatMap(id -> view(session, id)));
    }

    /** Requests, soonest due first, optionally in one state; identifiers by kind only. */
    @WithSession
    public Uni<List<Summary>> list(String state) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        select r.id, r.state, r.requester, r.legal_basis, r.due_date, r.created_at,
                               (select string_agg(distinct i.kind, ',') from erase_identifier i where i.request_id = r.id)
                        from erase_request r where cast(:state as text) is null or r.state = :state
                        order by r.due_date, r.id""", Object[].class)
                .setParameter("state", state).getResultList()
                .map(rows -> rows.stream().map(r -> new Summary(((Number) r[0]).longValue(), (String) r[1],
                        (String) r[2], (String) r[3], localDate(r[4]), SqlValues.instant(r[5]),
                        List.of(((String) r[6]).split(",")))).toList()));
    }

    @WithSession
    public Uni<RequestView> get(long id) {
        return Panache.getSession().flatMap(session -> view(session, id));
    }

    /**
     * Plans (or plans again) a received or planned request: every column that can hold one of the
     * subject's identifiers. Seeds are columns whose PII tag (not rejected) is of the identifier's
     * type (email: EMAIL_ADDRESS, ...) or whose name is the identifier's kind (customer_id); from
     * them the plan follows column lineage downstream along every edge that carries values
     * (DIRECT identity or transformation), however old: a copy made once still exists. A column
     * reached through a masking edge holds a masked form of the identifier, to be looked for as
     * such. A column found several ways says the nearest: a tag, then its name, then lineage;
     * except that a column reached through a mask is looked for masked however else it was found
     * (a masked copy's "email" column holds hashes: compared in clear, the subject would stay).
     * Each dataset's erase policy says whether its rows are deleted or redacted; a redacted row is
     * emptied of its other personal data too ({@link #KEPT_ROWS}).
     */
    @WithTransaction
    public Uni<RequestView> plan(long id, String actor) {
        return Panache.getSession().flatMap(session -> state(session, id).flatMap(state -> {
            if (!state.equals("received") && !state.equals("planned")) {
                throw ApiException.conflict("erase request " + id + " is " + state + ": only a received or planned request is planned");
            }
            return session.createNativeQuery("delete from erase_plan_item where request_id = :id")
                    .setParameter("id", id).executeUpdate()
                    .flatMap(v -> session.createNativeQuery("select distinct kind from erase_identifier where request_id = :id",
                                    String.class).setParameter("id", id).getResultList())
                    .flatMap(kinds -> session.createNativeQuery(PLAN).setParameter("id", id)
                            .setParameter("kinds", LineageGraph.textArray(kinds)).executeUpdate())
                    .flatMap(found -> session.createNativeQuery(KEPT_ROWS).setParameter("id", id).executeUpdate()
                            .map(kept -> found + kept))
                    .flatMap(items -> setState(session, id, state, "planned", actor, null)
                            .call(x -> audit.append(actor, "erase.plan", target(id), Map.of("state", state),
                                    Map.of("state", "planned", "columns", items))))
                    .flatMap(x -> view(session, id));
        }));
    }

    /** The identifier kinds a request names, and the PII tag (entity type) of a column that holds each. */
    private static final String KINDS = """
            ('email', 'EMAIL_ADDRESS'), ('phone', 'PHONE_NUMBER'), ('name', 'PERSON'),
                       ('ssn', 'US_SSN'), ('iban', 'IBAN_CODE'), ('credit_card', 'CREDIT_CARD'),
                       ('ip', 'IP_ADDRESS'), ('passport', 'US_PASSPORT'), ('nino', 'UK_NINO'), ('nhs', 'UK_NHS'),
                       ('date_of_birth', 'DATE_OF_BIRTH'), ('address', 'LOCATION'), ('driver_license', 'US_DRIVER_LICENSE')""";

    /**
     * Every column that can hold one of the identifier kinds bound to {@code :kinds} (see
     * {@link #plan}): reach(dataset_id, col, kind, found_by, masked, depth, rank), one row per way
     * a column was reached; the statements below keep the nearest.
     */
    private static final String REACH = """
            with recursive ids(kind) as (
                select distinct kind from unnest(cast(cast(:kinds as text) as text[])) as k(kind)
            ), types(kind, entity_type) as (
                values """ + KINDS + """
            ), seed(dataset_id, col, kind, found_by, masked, rank) as (
                select c.dataset_id, c.name, i.kind, 'tag ' || t.entity_type,
                       case when t.masked then coalesce(t.transform, 'masked') end, 0
                from ids i join types y on y.kind = i.kind
                join column_tag t on t.entity_type = y.entity_type and t.review_state <> 'rejected'
                join dataset_column c on c.id = t.column_id
              union
                select c.dataset_id, c.name, i.kind, 'column name ' || c.name, cast(null as text), 1
                from ids i join dataset_column c on lower(c.name) = i.kind
            ), reach(dataset_id, col, kind, found_by, masked, depth, rank) as (
                select dataset_id, col, kind, found_by, masked, 0, rank from seed
              union
                select l.output_dataset_id, l.output_column, r.kind,
                       'lineage from ' || d.namespace || ':' || d.name || '.' || r.col,
                       case when l.masking then coalesce(nullif(l.description, ''), 'masked') else r.masked end,
                       r.depth + 1, 2
                from reach r
                join column_lineage l on l.input_dataset_id = r.dataset_id and l.input_column = r.col
                join dataset d on d.id = r.dataset_id
                where r.depth < 20 and l.transformation = 'DIRECT' and l.subtype in ('IDENTITY', 'TRANSFORMATION')
            )
            """;

    private static final String PLAN = REACH + """
            insert into erase_plan_item (request_id, dataset_id, column_name, found_by, identifier, masked, action)
            select distinct on (r.dataset_id, r.col, r.kind) :id, r.dataset_id, r.col, r.found_by, r.kind, r.masked,
                   coalesce(p.action, 'delete')
            from reach r left join dataset_erase_policy p on p.dataset_id = r.dataset_id
            order by r.dataset_id, r.col, r.kind, r.masked is null, r.depth, r.rank, r.found_by
            """;

    /**
     * A row a dataset keeps (its erase policy redacts) must not keep the subject's other personal
     * data either: every other column of a planned redacting dataset with a PII tag (not rejected)
     * is planned too, to be emptied in the subject's rows. Such a column is not searched unless the
     * request names its kind (a name, an address): its identifier is the kind its tag holds.
     */
    private static final String KEPT_ROWS = """
            with types(kind, entity_type) as (
                values """ + KINDS + """
            )
            insert into erase_plan_item (request_id, dataset_id, column_name, found_by, identifier, masked, action)
            select distinct on (c.dataset_id, c.name) :id, c.dataset_id, c.name,
                   'tag ' || t.entity_type || ': personal data a kept row must not hold',
                   coalesce(y.kind, lower(t.entity_type)), cast(null as text), 'redact'
            from dataset_erase_policy p
            join dataset_column c on c.dataset_id = p.dataset_id
            join column_tag t on t.column_id = c.id and t.review_state <> 'rejected'
            left join types y on y.entity_type = t.entity_type
            where p.action = 'redact'
              and exists (select 1 from erase_plan_item i where i.request_id = :id and i.dataset_id = p.dataset_id)
              and not exists (select 1 from erase_plan_item i
                              where i.request_id = :id and i.dataset_id = c.dataset_id and i.column_name = c.name)
            order by c.dataset_id, c.name, t.confidence desc, t.entity_type
            """;

    private static final String LOCATE = REACH + """
            select distinct on (r.dataset_id, r.col, r.kind) d.namespace || ':' || d.name, r.col, r.kind, r.found_by,
                   r.masked, coalesce(p.action, 'delete')
            from reach r join dataset d on d.id = r.dataset_id
            left join dataset_erase_policy p on p.dataset_id = r.dataset_id
            order by r.dataset_id, r.col, r.kind, r.masked is null, r.depth, r.rank, r.found_by
            """;

    /**
     * Where a subject's data is (a subject access request, GDPR Art. 15): every column that can
     * hold one of these identifier kinds, found as an erase plan finds them; nothing is stored but
     * the audit entry (kinds only).
     */
    @WithTransaction
    public Uni<List<PlanItem>> locate(List<String> kinds, String actor) {
        if (kinds == null || kinds.isEmpty() || kinds.stream().anyMatch(k -> k == null || !KIND.matcher(k).matches())) {
            throw ApiException.badRequest("kinds are identifier kinds: lower-case letters, digits and '_' (email, phone, "
                    + "customer_id, ...), at least one");
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(LOCATE, Object[].class)
                .setParameter("kinds", LineageGraph.textArray(kinds)).getResultList()
                .map(rows -> rows.stream().map(p -> new PlanItem((String) p[0], (String) p[1], (String) p[2],
                        (String) p[3], (String) p[4], (String) p[5])).toList())
                .call(items -> audit.append(actor, "subject.locate", "subject", null,
                        Map.of("identifierKinds", kinds, "columns", items.size()))));
    }

    /** Approves a planned request: a compliance officer other than the one who asked. */
    @WithTransaction
    public Uni<RequestView> approve(long id, String actor) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select state, requester from erase_request where id = :id for update", Object[].class)
                .setParameter("id", id).getResultList()
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        throw ApiException.notFound("erase request " + id);
                    }
                    String state = (String) rows.get(0)[0];
                    if (actor.equals(rows.get(0)[1])) {
                        throw new ApiException(Response.Status.FORBIDDEN, "erase request " + id + " was made by "
                                + actor + ": a compliance officer other than the requester must approve it");
                    }
                    if (!state.equals("planned")) {
                        throw ApiException.conflict("erase request " + id + " is " + state + ": only a planned request is approved");
                    }
                    return setState(session, id, state, "approved", actor, null)
                            .call(x -> audit.append(actor, "erase.approve", target(id), Map.of("state", state),
                                    Map.of("state", "approved")))
                            .flatMap(x -> view(session, id));
                }));
    }

    @WithTransaction
    public Uni<RequestView> reject(long id, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw ApiException.badRequest("a rejection needs a reason, e.g. \"the subject's identity is not verified\"");
        }
        return Panache.getSession().flatMap(session -> state(session, id).flatMap(state -> {
            if (!REJECTABLE.contains(state)) {
                throw ApiException.conflict("erase request " + id + " is " + state + ": it can no longer be rejected");
            }
            return setState(session, id, state, "rejected", actor, reason.strip())
                    .call(x -> audit.append(actor, "erase.reject", target(id), Map.of("state", state),
                            Map.of("state", "rejected", "reason", reason.strip())))
                    .flatMap(x -> view(session, id));
        }));
    }

    /**
     * Records the dry run of a planned (or approved) request's plan, replacing an earlier one; a
     * count for a dataset the plan does not name is refused. Audited with the numbers only.
     */
    @WithTransaction
    public Uni<RequestView> recordCounts(long id, Counts counts, String actor) {
        if (counts == null || counts.datasets() == null || counts.datasets().isEmpty()) {
            throw ApiException.badRequest("counts name at least one dataset: {\"datasets\": [{\"dataset\": "
                    + "\"NS:NAME\", \"rows\": 100, \"matching\": 2}]}");
        }
        for (DatasetCount c : counts.datasets()) {
            if (c == null || c.dataset() == null || (c.rows() == null) != (c.matching() == null)
                    || c.rows() != null && (c.rows() < 0 || c.matching() < 0 || c.matching() > c.rows())
                    || c.rows() == null && (c.note() == null || c.note().isBlank())) {
                throw ApiException.badRequest("a count names its dataset and gives rows >= matching >= 0, or a note "
                        + "saying why it could not be counted: " + c);
            }
        }
        return Panache.getSession().flatMap(session -> state(session, id).flatMap(state -> {
            if (!state.equals("planned") && !state.equals("approved")) {
                throw ApiException.conflict("erase request " + id + " is " + state + ": only a planned or approved plan is counted");
            }
            return plannedDatasets(session, id)
                    .flatMap(ids -> {
                        for (DatasetCount c : counts.datasets()) {
                            if (!ids.containsKey(c.dataset())) {
                                throw ApiException.badRequest("dataset " + c.dataset() + " is not in the plan of erase "
                                        + "request " + id);
                            }
                        }
                        Uni<Integer> written = session.createNativeQuery(
                                        "delete from erase_dataset_count where request_id = :id")
                                .setParameter("id", id).executeUpdate();
                        for (DatasetCount c : counts.datasets()) {
                            written = written.call(x -> session.createNativeQuery("""
                                            insert into erase_dataset_count (request_id, dataset_id, total_rows, matching,
                                                                             note, counted_by)
                                            values (:id, :dataset, :rows, :matching, :note, :actor)""")
                                    .setParameter("id", id).setParameter("dataset", ids.get(c.dataset()))
                                    .setParameter("rows", c.rows()).setParameter("matching", c.matching())
                                    .setParameter("note", c.note()).setParameter("actor", actor).executeUpdate());
                        }
                        return written;
                    })
                    .call(x -> audit.append(actor, "erase.count", target(id), null, counts))
                    .flatMap(x -> view(session, id));
        }));
    }

    /**
     * A run of `steward erase run` begins: an approved request is executing; an executing one (a
     * run killed midway) or a failed one (retried after its cause was fixed) executes again.
     */
    @WithTransaction
    public Uni<RequestView> start(long id, String actor) {
        return Panache.getSession().flatMap(session -> state(session, id).flatMap(state -> {
            if (!Set.of("approved", "executing", "failed").contains(state)) {
                throw ApiException.conflict("erase request " + id + " is " + state + ": only an approved request is executed");
            }
            Uni<Integer> started = state.equals("executing") ? Uni.createFrom().item(0)
                    : setState(session, id, state, "executing", actor, null)
                            .call(x -> audit.append(actor, "erase.start", target(id), Map.of("state", state),
                                    Map.of("state", "executing")));
            return started.flatMap(x -> view(session, id));
        }));
    }

    /**
     * What the rewrites of an executing request did, dataset by dataset, as each finishes. A
     * dataset recorded again (a run resumed after a failure or a crash rewrites it again, finding
     * what is left of the subject: usually nothing) keeps its rows before the first rewrite, and
     * its erased rows add up, so the certificate counts every row the request erased there.
     */
    @WithTransaction
    public Uni<RequestView> recordResults(long id, Results results, String actor) {
        if (results == null || results.datasets() == null || results.datasets().isEmpty()) {
            throw ApiException.badRequest("results name at least one dataset");
        }
        for (DatasetResult r : results.datasets()) {
            if (r == null || r.dataset() == null || !Set.of("delete", "redact").contains(r.action()) || r.before() < 0
                    || r.erased() < 0 || r.erased() > r.before() || r.after() < 0) {
                throw ApiException.badRequest("a result names its dataset, rows before and after, rows erased "
                        + "(at most those before) and the action (delete or redact): " + r);
            }
        }
        return Panache.getSession().flatMap(session -> state(session, id).flatMap(state -> {
            if (!state.equals("executing")) {
                throw ApiException.conflict("erase request " + id + " is " + state + ": results are recorded while it executes");
            }
            return plannedDatasets(session, id).flatMap(ids -> {
                Uni<Integer> written = Uni.createFrom().item(0);
                for (DatasetResult r : results.datasets()) {
                    if (!ids.containsKey(r.dataset())) {
                        throw ApiException.badRequest("dataset " + r.dataset() + " is not in the plan of erase request " + id);
                    }
                    written = written.call(x -> session.createNativeQuery("""
                                    insert into erase_dataset_result (request_id, dataset_id, rows_before, rows_after, erased,
                                                                      action, recorded_by)
                                    values (:id, :dataset, :before, :after, :erased, :action, :actor)
                                    on conflict (request_id, dataset_id) do update set
                                        rows_after = excluded.rows_after,
                                        erased = erase_dataset_result.erased + excluded.erased, action = excluded.action,
                                        recorded_by = excluded.recorded_by, recorded_at = now()""")
                            .setParameter("id", id).setParameter("dataset", ids.get(r.dataset()))
                            .setParameter("before", r.before()).setParameter("after", r.after())
                            .setParameter("erased", r.erased()).setParameter("action", r.action())
                            .setParameter("actor", actor).executeUpdate());
                }
                return written;
            })
                    .call(x -> audit.append(actor, "erase.result", target(id), null, results))
                    .flatMap(x -> view(session, id));
        }));
    }

    /**
     * The run ends: verified when every planned dataset has its result (each rewrite was read
     * again without the subject), failed with the reason otherwise.
     */
    @WithTransaction
    public Uni<RequestView> finish(long id, String failure, String actor) {
        return Panache.getSession().flatMap(session -> state(session, id).flatMap(state -> {
            if (!state.equals("executing")) {
                throw ApiException.conflict("erase request " + id + " is " + state + ": only an executing request ends a run");
            }
            if (failure != null) {
                return setState(session, id, state, "failed", actor, failure)
                        .call(x -> audit.append(actor, "erase.fail", target(id), Map.of("state", state),
                                Map.of("state", "failed", "reason", failure)))
                        .flatMap(x -> view(session, id));
            }
            return session.createNativeQuery("""
                            select distinct d.namespace || ':' || d.name from erase_plan_item p
                            join dataset d on d.id = p.dataset_id
                            where p.request_id = :id and not exists (select 1 from erase_dataset_result r
                                  where r.request_id = p.request_id and r.dataset_id = p.dataset_id)
                            order by 1""", String.class)
                    .setParameter("id", id).getResultList()
                    .flatMap(missing -> {
                        if (!missing.isEmpty()) {
                            throw ApiException.conflict("erase request " + id + " cannot be verified: no result for " + missing);
                        }
                        return setState(session, id, state, "verified", actor, null)
                                .call(x -> audit.append(actor, "erase.verify", target(id), Map.of("state", state),
                                        Map.of("state", "verified")))
                                .flatMap(x -> view(session, id));
                    });
        }));
    }

    /**
     * Completes a verified request with its certificate: what was planned, counted and erased,
     * who did what when, signed with the service's key. The subject appears only as a SHA-256 of
     * each "kind:value" (someone who knows the subject can check it; nobody can read it back).
     */
    @WithTransaction
    public Uni<Certificate> certify(long id, String actor) {
        return Panache.getSession().flatMap(session -> state(session, id).flatMap(state -> {
            if (!state.equals("verified")) {
                throw ApiException.conflict("erase request " + id + " is " + state + ": only a verified request gets its certificate");
            }
            return view(session, id).flatMap(view -> {
                Map<String, Object> body = new java.util.LinkedHashMap<>();
                body.put("certificate", "GDPR erasure completion");
                body.put("eraseRequest", id);
                body.put("legalBasis", view.legalBasis());
                body.put("dueDate", view.dueDate().toString());
                body.put("subject", view.identifiers().stream().map(i -> Map.of("kind", i.kind(), "sha256",
                        SigningKey.sha256Hex((i.kind() + ":" + i.value()).getBytes(java.nio.charset.StandardCharsets.UTF_8)))).toList());
                body.put("plan", view.plan());
                body.put("counts", view.counts());
                body.put("results", view.results());
                body.put("transitions", view.transitions());
                body.put("issuedBy", actor);
                body.put("issuedAt", Instant.now().toString());
                body.put("keyId", key.id());
                String text;
                try {
                    text = json.writeValueAsString(body);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                Certificate certificate = new Certificate(text, key.sign(text), key.id(), "Ed25519");
                return session.createNativeQuery("""
                                insert into erase_certificate (request_id, body, signature, key_id)
                                values (:id, :body, :signature, :key)""")
                        .setParameter("id", id).setParameter("body", text).setParameter("signature",
                                certificate.signature()).setParameter("key", key.id()).executeUpdate()
                        .call(x -> setState(session, id, state, "completed", actor, null))
                        .call(x -> audit.append(actor, "erase.certify", target(id), Map.of("state", state),
                                Map.of("state", "completed", "keyId", key.id())))
                        .map(x -> certificate);
            });
        }));
    }

    @WithSession
    public Uni<Certificate> certificate(long id) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select body, signature, key_id from erase_certificate where request_id = :id", Object[].class)
                .setParameter("id", id).getResultList()
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw ApiException.notFound("a certificate of erase request " + id);
                    }
                    return new Certificate((String) rows.get(0)[0], (String) rows.get(0)[1], (String) rows.get(0)[2],
                            "Ed25519");
                }));
    }

    public EraseApi.PublicKey publicKey() {
        return new EraseApi.PublicKey(key.id(), "Ed25519", key.publicKey());
    }

    private Uni<Map<String, Long>> plannedDatasets(Mutiny.Session session, long id) {
        return session.createNativeQuery("""
                        select distinct d.namespace || ':' || d.name, d.id from erase_plan_item p
                        join dataset d on d.id = p.dataset_id where p.request_id = :id""", Object[].class)
                .setParameter("id", id).getResultList()
                .map(rows -> {
                    Map<String, Long> ids = new java.util.HashMap<>();
                    rows.forEach(p -> ids.put((String) p[0], ((Number) p[1]).longValue()));
                    return ids;
                });
    }

    /** Sets how a dataset's rows of erased subjects go; audited. */
    @WithTransaction
    public Uni<ErasePolicy> setPolicy(long datasetId, ErasePolicy policy, String actor) {
        if (policy == null || !Set.of("delete", "redact").contains(policy.action())) {
            throw ApiException.badRequest("action is \"delete\" or \"redact\"");
        }
        if (policy.reason() == null || policy.reason().isBlank()) {
            throw ApiException.badRequest("reason is required, e.g. \"financial records: 10-year retention duty\"");
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        insert into dataset_erase_policy (dataset_id, action, reason, set_by)
                        select id, :action, :reason, :actor from dataset where id = :dataset
                        on conflict (dataset_id) do update set action = excluded.action, reason = excluded.reason,
                            set_by = excluded.set_by, set_at = now()""")
                .setParameter("action", policy.action()).setParameter("reason", policy.reason().strip())
                .setParameter("actor", actor).setParameter("dataset", datasetId).executeUpdate()
                .flatMap(count -> {
                    if (count == 0) {
                        throw ApiException.notFound("dataset " + datasetId);
                    }
                    return audit.append(actor, "erase.policy", "dataset:" + datasetId, null, policy);
                })
                .map(x -> new ErasePolicy(policy.action(), policy.reason().strip())));
    }

    private static String target(long id) {
        return "erase-request:" + id;
    }

    private Uni<String> state(Mutiny.Session session, long id) {
        return session.createNativeQuery("select state from erase_request where id = :id for update", String.class)
                .setParameter("id", id).getResultList().map(found -> {
                    if (found.isEmpty()) {
                        throw ApiException.notFound("erase request " + id);
                    }
                    return found.get(0);
                });
    }

    private Uni<Integer> setState(Mutiny.Session session, long id, String from, String to, String actor, String reason) {
        return session.createNativeQuery("update erase_request set state = :to, reason = :reason, updated_at = now() "
                        + "where id = :id")
                .setParameter("to", to).setParameter("reason", reason).setParameter("id", id).executeUpdate()
                .call(x -> transition(session, id, from, to, actor, reason));
    }

    private Uni<Integer> transition(Mutiny.Session session, long id, String from, String to, String actor, String reason) {
        return session.createNativeQuery("""
                        insert into erase_transition (request_id, seq, from_state, to_state, actor, reason)
                        select :id, coalesce(max(seq), 0) + 1, :from, :to, :actor, :reason
                        from erase_transition where request_id = :id""")
                .setParameter("id", id).setParameter("from", from).setParameter("to", to)
                .setParameter("actor", actor).setParameter("reason", reason).executeUpdate();
    }

    private Uni<RequestView> view(Mutiny.Session session, long id) {
        return session.createNativeQuery("""
                        select state, requester, legal_basis, due_date, reason, created_at, updated_at
                        from erase_request where id = :id""", Object[].class)
                .setParameter("id", id).getResultList()
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        throw ApiException.notFound("erase request " + id);
                    }
                    Object[] r = rows.get(0);
                    return session.createNativeQuery("select kind, value from erase_identifier where request_id = :id "
                                    + "order by kind, value", Object[].class).setParameter("id", id).getResultList()
                            .flatMap(ids -> session.createNativeQuery("""
                                            select from_state, to_state, actor, at, reason from erase_transition
                                            where request_id = :id order by seq""", Object[].class)
                                    .setParameter("id", id).getResultList()
                                    .flatMap(transitions -> session.createNativeQuery("""
                                                    select d.namespace || ':' || d.name, p.column_name, p.identifier,
                                                           p.found_by, p.masked, p.action
                                                    from erase_plan_item p join dataset d on d.id = p.dataset_id
                                                    where p.request_id = :id order by 1, 2, 3""", Object[].class)
                                            .setParameter("id", id).getResultList()
                                            .flatMap(plan -> session.createNativeQuery("""
                                                            select d.namespace || ':' || d.name, c.total_rows, c.matching,
                                                                   c.note
                                                            from erase_dataset_count c join dataset d on d.id = c.dataset_id
                                                            where c.request_id = :id order by 1""", Object[].class)
                                                    .setParameter("id", id).getResultList()
                                            .flatMap(counts -> session.createNativeQuery("""
                                                            select d.namespace || ':' || d.name, e.rows_before, e.rows_after,
                                                                   e.erased, e.action
                                                            from erase_dataset_result e join dataset d on d.id = e.dataset_id
                                                            where e.request_id = :id order by 1""", Object[].class)
                                                    .setParameter("id", id).getResultList()
                                            .map(results -> new RequestView(id, (String) r[0], (String) r[1], (String) r[2],
                                                    localDate(r[3]), (String) r[4], SqlValues.instant(r[5]), SqlValues.instant(r[6]),
                                                    ids.stream().map(i -> new Identifier((String) i[0], (String) i[1]))
                                                            .toList(),
                                                    transitions.stream().map(t -> new Transition((String) t[0],
                                                            (String) t[1], (String) t[2], SqlValues.instant(t[3]), (String) t[4]))
                                                            .toList(),
                                                    plan.stream().map(p -> new PlanItem((String) p[0], (String) p[1],
                                                            (String) p[2], (String) p[3], (String) p[4], (String) p[5]))
                                                            .toList(),
                                                    counts.stream().map(c -> new DatasetCount((String) c[0], number(c[1]),
                                                            number(c[2]), (String) c[3])).toList(),
                                                    results.stream().map(e -> new DatasetResult((String) e[0],
                                                            number(e[1]), number(e[2]), number(e[3]), (String) e[4]))
                                                            .toList()))))));
                });
    }

    private static Long number(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    private static LocalDate localDate(Object value) {
        return value instanceof Date d ? d.toLocalDate() : (LocalDate) value;
    }
}
