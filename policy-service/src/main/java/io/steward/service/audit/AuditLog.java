package io.steward.service.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The append-only audit log. Each entry's hash covers its own fields and the previous entry's
 * hash, so editing or deleting any entry breaks the chain from there on, which
 * {@link #verify()} finds. Appends run inside the caller's transaction (the change and its audit
 * entry commit together) and take a transaction-scoped advisory lock, so the chain stays linear
 * under concurrent writers.
 */
@ApplicationScoped
public class AuditLog {

    /** The previous hash of the first entry. */
    static final String GENESIS = "0".repeat(64);
    private static final long LOCK = 0x5354455741524441L; // "STEWARDA"

    private final ObjectMapper json;

    public AuditLog(ObjectMapper json) {
        this.json = json;
    }

    /** The result of checking the chain: intact, or the first entry where it breaks and why. */
    public record Verification(boolean intact, long entries, Optional<Long> brokenAt, Optional<String> reason) {
    }

    /** Appends an entry; before and after are any JSON-serializable values (or null). Call within a transaction. */
    public Uni<AuditEntry> append(String actor, String action, String target, Object before, Object after) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select pg_advisory_xact_lock(" + LOCK + ")").getSingleResult()
                .flatMap(locked -> AuditEntry.<AuditEntry>find("order by id desc").<AuditEntry>firstResult())
                .flatMap(last -> {
                    AuditEntry entry = new AuditEntry();
                    entry.at = Instant.now().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps
                    entry.actor = actor;
                    entry.action = action;
                    entry.target = target;
                    entry.before = text(before);
                    entry.after = text(after);
                    entry.previousHash = last == null ? GENESIS : last.hash;
                    entry.hash = hash(entry);
                    return entry.<AuditEntry>persist();
                }));
    }

    /** One entry to append with {@link #appendAll}. */
    public record Pending(String actor, String action, String target, Object before, Object after) {
    }

    /**
     * Appends many entries under one lock and one look-up of the chain's end: the access
     * decisions of a second go in at once. Call within a transaction.
     */
    public Uni<Void> appendAll(List<Pending> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select pg_advisory_xact_lock(" + LOCK + ")").getSingleResult()
                .flatMap(locked -> AuditEntry.<AuditEntry>find("order by id desc").<AuditEntry>firstResult())
                .flatMap(last -> {
                    String previous = last == null ? GENESIS : last.hash;
                    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    List<AuditEntry> chained = new java.util.ArrayList<>(entries.size());
                    for (Pending pending : entries) {
                        AuditEntry entry = new AuditEntry();
                        entry.at = at;
                        entry.actor = pending.actor();
                        entry.action = pending.action();
                        entry.target = pending.target();
                        entry.before = text(pending.before());
                        entry.after = text(pending.after());
                        entry.previousHash = previous;
                        entry.hash = hash(entry);
                        previous = entry.hash;
                        chained.add(entry);
                    }
                    return AuditEntry.persist(chained);
                }));
    }

    /** Walks the whole chain in order and recomputes every hash. */
    public Uni<Verification> verify() {
        return AuditEntry.<AuditEntry>find("order by id").list().map(AuditLog::check);
    }

    static Verification check(List<AuditEntry> entries) {
        String previous = GENESIS;
        for (AuditEntry entry : entries) {
            if (!entry.previousHash.equals(previous)) {
                return new Verification(false, entries.size(), Optional.of(entry.id), Optional.of(
                        "entry " + entry.id + " does not follow the entry before it (one was deleted or altered)"));
            }
            if (!hash(entry).equals(entry.hash)) {
                return new Verification(false, entries.size(), Optional.of(entry.id), Optional.of(
                        "entry " + entry.id + " was altered after it was written"));
            }
            previous = entry.hash;
        }
        return new Verification(true, entries.size(), Optional.empty(), Optional.empty());
    }

    /** SHA-256 over the previous hash and every field, each length-prefixed so no two entries collide. */
    static String hash(AuditEntry entry) {
        StringBuilder text = new StringBuilder();
        for (String field : new String[] {entry.previousHash, entry.at.toString(), entry.actor, entry.action,
                entry.target, entry.before, entry.after}) {
            String value = field == null ? "" : field;
            text.append(field == null ? -1 : value.length()).append(':').append(value).append('|');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private String text(Object state) {
        if (state == null) {
            return null;
        }
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit state is not serializable: " + e.getMessage(), e);
        }
    }
}
