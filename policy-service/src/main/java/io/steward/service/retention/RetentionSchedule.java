package io.steward.service.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.steward.service.api.ApiException;
import io.steward.service.retention.RetentionApi.Planned;
import io.steward.service.retention.RetentionApi.Run;
import io.steward.service.retention.RetentionApi.RunView;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The retention purge the service runs by itself, daily by default (steward.retention.schedule, a
 * cron; "off" turns it off): with every policy it holds, first a dry run, recorded and audited, then
 * the purge, recorded and audited, as the actor "scheduler". The purge is Spark work, so it runs as
 * a child process, `steward purge --policies FILE --json`, of the launcher named by
 * steward.launcher (`./steward serve` names itself); the service keeps the bookkeeping, so the child
 * needs no credentials. Without a launcher the schedule says so in the log and does nothing. A
 * child that fails is audited with its error and nothing is recorded as purged.
 */
@ApplicationScoped
public class RetentionSchedule {

    static final String SCHEDULER = "scheduler";
    private static final Logger LOG = Logger.getLogger(RetentionSchedule.class);

    private final RetentionService retention;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final Optional<String> launcher;
    private final String master;

    public RetentionSchedule(RetentionService retention, ObjectMapper json, Vertx vertx,
                             @ConfigProperty(name = "steward.launcher") Optional<String> launcher,
                             @ConfigProperty(name = "steward.retention.master", defaultValue = "local[*]") String master) {
        this.retention = retention;
        this.json = json;
        this.vertx = vertx;
        this.launcher = launcher;
        this.master = master;
    }

    @Scheduled(identity = "retention-purge", cron = "{steward.retention.schedule}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        if (launcher.isEmpty()) {
            LOG.warn("retention purge skipped: steward.launcher (STEWARD_LAUNCHER) names no launcher to run it with");
            return Uni.createFrom().voidItem();
        }
        return run(SCHEDULER).onFailure().invoke(e -> LOG.error("retention purge failed: " + e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The dry run then the purge, now, on behalf of the actor: the two runs as recorded (none without policies). */
    public Uni<List<RunView>> run(String actor) {
        String command = launcher.orElseThrow(() -> ApiException.conflict("this service runs no purges: "
                + "steward.launcher (STEWARD_LAUNCHER) names no launcher"));
        return retention.planned().flatMap(policies -> {
            if (policies.isEmpty()) {
                return Uni.createFrom().item(List.<RunView>of());
            }
            return purge(command, policies, true, actor).flatMap(dry -> retention.record(dry, actor))
                    .flatMap(dry -> purge(command, policies, false, actor).flatMap(run -> retention.record(run, actor))
                            .map(run -> List.of(dry, run)));
        });
    }

    /** One child run, off the event loop; its failure is audited and fails the Uni. */
    private Uni<Run> purge(String command, List<Planned> policies, boolean dryRun, String actor) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> child(command, policies, dryRun)))
                .onFailure().call(e -> retention.failed(dryRun, e.getMessage(), actor));
    }

    private Run child(String command, List<Planned> policies, boolean dryRun) {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("steward-purge");
            Path file = Files.writeString(directory.resolve("policies.json"), json.writeValueAsString(policies));
            Path errors = directory.resolve("errors.log");
            List<String> arguments = new ArrayList<>(List.of(command, "purge", "--policies", file.toString(), "--json",
                    "--master", master));
            if (dryRun) {
                arguments.add("--dry-run");
            }
            Process process = new ProcessBuilder(arguments).redirectError(errors.toFile()).start();
            byte[] out = process.getInputStream().readAllBytes();
            int code = process.waitFor();
            if (code != 0) {
                List<String> said = Files.readAllLines(errors, StandardCharsets.UTF_8);
                throw new IllegalStateException("steward purge" + (dryRun ? " --dry-run" : "") + " exited with " + code
                        + ": " + String.join(" ", said.subList(Math.max(0, said.size() - 5), said.size())).strip());
            }
            return json.readValue(out, Run.class);
        } catch (IOException e) {
            throw new IllegalStateException("steward purge could not be run with " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while steward purge ran", e);
        } finally {
            deleteQuietly(directory);
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.warn("could not remove " + directory + ": " + e.getMessage());
        }
    }
}
