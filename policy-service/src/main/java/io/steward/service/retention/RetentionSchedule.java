package io.steward.service.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.steward.service.api.ApiException;
import io.steward.service.retention.RetentionApi.Planned;
import io.steward.service.retention.RetentionApi.Run;
import io.steward.service.retention.RetentionApi.RunView;
import io.steward.service.launcher.Launcher;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The retention purge the service runs by itself, daily by default (steward.retention.schedule, a
 * cron; "off" turns it off): with every policy it holds, first a dry run, recorded and audited, then
 * the purge, recorded and audited, as the actor "scheduler". The purge is Spark work, so it runs as
 * a child process, `steward purge --policies FILE --json` ({@link Launcher}); the service keeps the
 * bookkeeping, so the child needs no credentials. Without a launcher the schedule says so in the log and does nothing. A
 * child that fails is audited with its error and nothing is recorded as purged.
 */
@ApplicationScoped
public class RetentionSchedule {

    static final String SCHEDULER = "scheduler";
    private static final Logger LOG = Logger.getLogger(RetentionSchedule.class);

    private final RetentionService retention;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final Launcher launcher;

    public RetentionSchedule(RetentionService retention, ObjectMapper json, Vertx vertx, Launcher launcher) {
        this.retention = retention;
        this.json = json;
        this.vertx = vertx;
        this.launcher = launcher;
    }

    @Scheduled(identity = "retention-purge", cron = "{steward.retention.schedule}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        if (!launcher.available()) {
            LOG.warn("retention purge skipped: steward.launcher (STEWARD_LAUNCHER) names no launcher to run it with");
            return Uni.createFrom().voidItem();
        }
        return run(SCHEDULER).onFailure().invoke(e -> LOG.error("retention purge failed: " + e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The dry run then the purge, now, on behalf of the actor: the two runs as recorded (none without policies). */
    public Uni<List<RunView>> run(String actor) {
        if (!launcher.available()) {
            throw ApiException.conflict("this service runs no purges: steward.launcher (STEWARD_LAUNCHER) names no "
                    + "launcher");
        }
        return retention.planned().flatMap(policies -> {
            if (policies.isEmpty()) {
                return Uni.createFrom().item(List.<RunView>of());
            }
            return purge(policies, true, actor).flatMap(dry -> retention.record(dry, actor))
                    .flatMap(dry -> purge(policies, false, actor).flatMap(run -> retention.record(run, actor))
                            .map(run -> List.of(dry, run)));
        });
    }

    /** One child run, off the event loop; its failure is audited and fails the Uni. */
    private Uni<Run> purge(List<Planned> policies, boolean dryRun, String actor) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> child(policies, dryRun)))
                .onFailure().call(e -> retention.failed(dryRun, e.getMessage(), actor));
    }

    private Run child(List<Planned> policies, boolean dryRun) {
        Path file = null;
        try {
            file = Files.createTempFile("steward-purge", ".json");
            Files.writeString(file, json.writeValueAsString(policies));
            List<String> arguments = new ArrayList<>(List.of("purge", "--policies", file.toString(), "--json",
                    "--master", launcher.master()));
            if (dryRun) {
                arguments.add("--dry-run");
            }
            return json.readValue(launcher.run(arguments), Run.class);
        } catch (IOException e) {
            throw new IllegalStateException("steward purge: " + e.getMessage(), e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }
}
