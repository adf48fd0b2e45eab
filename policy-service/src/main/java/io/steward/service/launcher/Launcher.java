package io.steward.service.launcher;

import io.steward.service.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs `steward` commands as child processes: Spark work never shares the service's classpath
 * (DESIGN.md). The launcher is the one steward.launcher names (`./steward serve` names itself);
 * the Spark master is steward.spark.master (default local[*]). Blocking: call it off the event loop.
 */
@ApplicationScoped
public class Launcher {

    private final Optional<String> command;
    private final String master;

    public Launcher(@ConfigProperty(name = "steward.launcher") Optional<String> command,
                    @ConfigProperty(name = "steward.spark.master", defaultValue = "local[*]") String master) {
        this.command = command;
        this.master = master;
    }

    public boolean available() {
        return command.isPresent();
    }

    /** The Spark master children are told to use. */
    public String master() {
        return master;
    }

    /**
     * Runs `steward ARGUMENTS...` and returns what it printed on stdout. Exit codes in
     * {@code accepted} count as success (0 always does); any other fails with the last lines of stderr.
     */
    public byte[] run(List<String> arguments, int... accepted) {
        String launcher = command.orElseThrow(() -> ApiException.conflict("this service runs no Spark jobs: "
                + "steward.launcher (STEWARD_LAUNCHER) names no launcher"));
        String name = "steward " + arguments.get(0);
        Path errors = null;
        try {
            errors = Files.createTempFile("steward-child", ".log");
            List<String> line = new ArrayList<>();
            line.add(launcher);
            line.addAll(arguments);
            Process process = new ProcessBuilder(line).redirectError(errors.toFile()).start();
            byte[] out = process.getInputStream().readAllBytes();
            int code = process.waitFor();
            if (code != 0 && java.util.Arrays.stream(accepted).noneMatch(a -> a == code)) {
                List<String> said = Files.readAllLines(errors, StandardCharsets.UTF_8);
                throw new IllegalStateException(name + " exited with " + code + ": "
                        + String.join(" ", said.subList(Math.max(0, said.size() - 5), said.size())).strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(name + " could not be run with " + launcher + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + name + " ran", e);
        } finally {
            if (errors != null) {
                errors.toFile().delete();
            }
        }
    }
}
