package io.steward.service.erasure;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What the erase-request API takes and returns. */
public final class EraseApi {

    private EraseApi() {
    }

    /** One way to recognize the subject: a kind (email, phone, customer_id, ...) and its value. */
    public record Identifier(String kind, String value) {
    }

    /** A new request; the due date defaults to 30 days from today (GDPR's "one month"). */
    public record NewRequest(List<Identifier> identifiers, String legalBasis, LocalDate dueDate) {
    }

    public record Rejection(String reason) {
    }

    /** The identifier kinds of a subject to locate (email, phone, customer_id, ...), without their values. */
    public record Locate(List<String> identifierKinds) {
    }

    /** How a dataset's rows of a subject go: "delete", or "redact" where rows must stay, and why. */
    public record ErasePolicy(String action, String reason) {
    }

    public record Transition(String from, String to, String actor, Instant at, String reason) {
    }

    /** A column that can hold the subject, how the planner found it, and what will be done there. */
    public record PlanItem(String dataset, String column, String identifier, String foundBy, String masked,
                           String action) {
    }

    public record Summary(long id, String state, String requester, String legalBasis, LocalDate dueDate,
                          Instant createdAt, List<String> identifierKinds) {
    }

    /**
     * A planned dataset's dry run: its rows, and how many hold the subject; null counts with a
     * note where it could not be counted.
     */
    public record DatasetCount(String dataset, Long rows, Long matching, String note) {
    }

    public record Counts(List<DatasetCount> datasets) {
    }

    /** One dataset's rewrite: rows before and after, rows erased (deleted or emptied), and how. */
    public record DatasetResult(String dataset, long before, long after, long erased, String action) {
    }

    public record Results(List<DatasetResult> datasets) {
    }

    /**
     * A signed completion certificate: {@code body} is the JSON text that was signed, exactly;
     * {@code signature} its Ed25519 signature (base64) by the key {@code keyId}.
     */
    public record Certificate(String body, String signature, String keyId, String algorithm) {
    }

    /** The key certificates are verified with: base64 X.509. */
    public record PublicKey(String keyId, String algorithm, String publicKey) {
    }

    public record RequestView(long id, String state, String requester, String legalBasis, LocalDate dueDate,
                              String reason, Instant createdAt, Instant updatedAt, List<Identifier> identifiers,
                              List<Transition> transitions, List<PlanItem> plan, List<DatasetCount> counts,
                              List<DatasetResult> results) {
    }
}
