package io.steward.service.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Webhook notifications, queued in the caller's transaction (so a notification exists exactly when
 * what it reports was committed) and delivered by {@link NotificationSender} with retries. The
 * receiver is steward.notify.webhook-url; without one nothing is queued.
 *
 * <p>Every notification is a POST of a JSON object with {@code event} and {@code occurredAt}
 * (ISO-8601) and the event's fields; headers {@code X-Steward-Event} (the event),
 * {@code X-Steward-Delivery} (a number unique to the notification, the same on every retry) and,
 * when steward.notify.secret is set, {@code X-Steward-Signature: sha256=HEX}, the HMAC-SHA256 of
 * the body with the secret. Events:
 * <ul>
 * <li>{@code dq.failed}: a triggered check had a rule FAIL or ERROR; {@code dq.error}: it could not
 * run. Fields: {@code dataset {id, namespace, name}}, {@code ruleset {name, version}},
 * {@code job {namespace, name}} (or null), {@code runId} (the OpenLineage run that wrote the data),
 * {@code check} (its id), then for dq.failed {@code dqRun}, {@code score},
 * {@code rows {total, passed, failed}}, {@code failedRules [{rule, outcome, message}]},
 * {@code quarantine} (the folder of the failed rows, or null), and for dq.error {@code error}.</li>
 * <li>{@code schema.refused}: a schema change the dataset's schema policy forbids. Fields:
 * {@code dataset {id, namespace, name}}, {@code policy}, {@code message}, {@code diff {added,
 * removed, changed, breaking}}.</li>
 * </ul>
 */
@ApplicationScoped
public class Notifications {

    private final Optional<String> url;
    private final ObjectMapper json;

    public Notifications(@ConfigProperty(name = "steward.notify.webhook-url") Optional<String> url, ObjectMapper json) {
        this.url = url.filter(u -> !u.isBlank());
        this.json = json;
    }

    /** Queues an event in the current transaction; nothing when no webhook is configured. */
    public Uni<Void> enqueue(String event, Map<String, ?> fields) {
        if (url.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.put("occurredAt", Instant.now().toString());
        body.putAll(fields);
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification must be JSON: " + e.getMessage(), e);
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "insert into notification (event, url, body) values (:event, :url, :body)")
                .setParameter("event", event).setParameter("url", url.get()).setParameter("body", text)
                .executeUpdate()).replaceWithVoid();
    }
}
