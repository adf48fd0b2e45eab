package io.steward.service.notify;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.steward.service.audit.AuditLog;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Delivers queued notifications ({@link Notifications}): every steward.notify.poll, each one due is
 * POSTed; a 2xx answer delivers it, anything else (or no answer in 10 s) is retried after
 * steward.notify.backoff, doubled each attempt up to 10 minutes, until steward.notify.max-attempts,
 * when it is given up and audited as notify.failed.
 */
@ApplicationScoped
public class NotificationSender {

    private static final Logger LOG = Logger.getLogger(NotificationSender.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

    private final Vertx vertx;
    private final AuditLog audit;
    private final Optional<String> secret;
    private final Duration backoff;
    private final int maxAttempts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A notification due now. */
    private record Due(long id, String event, String url, String body, int attempts) {
    }

    public NotificationSender(Vertx vertx, AuditLog audit,
                              @ConfigProperty(name = "steward.notify.secret") Optional<String> secret,
                              @ConfigProperty(name = "steward.notify.backoff", defaultValue = "2S") Duration backoff,
                              @ConfigProperty(name = "steward.notify.max-attempts", defaultValue = "8") int maxAttempts) {
        this.vertx = vertx;
        this.audit = audit;
        this.secret = secret.filter(s -> !s.isBlank());
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
    }

    @Scheduled(identity = "notifications", every = "{steward.notify.poll}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deliverDue() {
        return due().flatMap(due -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Due notification : due) {
                chain = chain.flatMap(v -> vertx.executeBlocking(Uni.createFrom().item(() -> post(notification)))
                        .flatMap(error -> settle(notification, error)));
            }
            return chain;
        }).onFailure().invoke(e -> LOG.error("notifications: " + e.getMessage())).onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    @SuppressWarnings("unchecked")
    private Uni<List<Due>> due() {
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select id, event, url, body, attempts from notification where delivered_at is null "
                                + "and failed_at is null and next_attempt <= now() order by id limit 20", Object[].class)
                .getResultList())).map(rows -> rows.stream().map(r -> new Due(((Number) r[0]).longValue(),
                (String) r[1], (String) r[2], (String) r[3], ((Number) r[4]).intValue())).toList());
    }

    /** Sends one; null when delivered, else why not. */
    private String post(Due notification) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(notification.url()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("X-Steward-Event", notification.event())
                    .header("X-Steward-Delivery", Long.toString(notification.id()))
                    .POST(HttpRequest.BodyPublishers.ofString(notification.body()));
            secret.ifPresent(key -> request.header("X-Steward-Signature", "sha256=" + hmac(key, notification.body())));
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode();
        } catch (java.io.IOException | IllegalArgumentException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private Uni<Void> settle(Due notification, String error) {
        int attempts = notification.attempts() + 1;
        boolean givenUp = error != null && attempts >= maxAttempts;
        long delayMillis = Math.min(MAX_BACKOFF.toMillis(), backoff.toMillis() << Math.min(attempts - 1, 20));
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        update notification set attempts = :attempts, last_error = cast(:error as text),
                            delivered_at = case when cast(:delivered as boolean) then now() end,
                            failed_at = case when cast(:givenUp as boolean) then now() end,
                            next_attempt = now() + make_interval(secs => cast(:delay as double precision))
                        where id = :id""")
                .setParameter("attempts", attempts).setParameter("error", error)
                .setParameter("delivered", error == null).setParameter("givenUp", givenUp)
                .setParameter("delay", delayMillis / 1000.0).setParameter("id", notification.id()).executeUpdate())
                .flatMap(updated -> givenUp ? audit.append("steward", "notify.failed", "notification:"
                        + notification.id(), null, Map.of("event", notification.event(), "url", notification.url(),
                        "attempts", attempts, "error", error)).replaceWithVoid() : Uni.createFrom().voidItem()));
    }

    static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
