package io.steward.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes a folder of output so that readers see all of it or nothing: Spark writes into a folder
 * of the target's name inside a hidden staging folder beside it (out/.steward-RUN/masked for
 * out/masked), which is renamed into place only when the write succeeded. A failed or killed run
 * leaves no folder under the target name.
 */
final class AtomicOutput {

    /**
     * The staging folder in a path written through here, as OpenLineage's Spark listener takes a
     * pattern (spark.openlineage.dataset.removePath.pattern, the group named remove is cut out):
     * lineage names the dataset by its final path, not by the staging folder that held it.
     */
    static final String STAGING_IN_PATH = "(?<remove>/\\.steward-[^/]+)/[^/]+$";

    private AtomicOutput() {
    }

    static void write(Path target, String runId, Consumer<Path> writer) {
        Path absolute = target.toAbsolutePath();
        Path staging = absolute.resolveSibling(".steward-" + runId);
        Path temporary = staging.resolve(absolute.getFileName());
        try {
            Files.createDirectories(staging);
            writer.accept(temporary);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute);
            }
        } catch (IOException e) {
            throw new InputException(target + ": cannot move the finished output into place: " + e.getMessage(), e);
        } finally {
            deleteTree(staging);
        }
    }

    /** Writes one file's contents. */
    @FunctionalInterface
    interface FileBody {
        void write(Writer out) throws IOException;
    }

    /**
     * Writes a file beside the target and renames it over the target, so a reader never sees half
     * a file; on failure the target is untouched and the hidden temporary file is removed.
     */
    static void writeFile(Path target, FileBody body) {
        Path file = target.toAbsolutePath();
        if (!Files.isDirectory(file.getParent())) {
            throw new InputException(target + ": cannot write: the folder " + file.getParent() + " does not exist");
        }
        try {
            Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                    body.write(out);
                }
                try {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new InputException(target + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Removes a folder and everything in it, if it exists. */
    static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // Best effort: a hidden leftover is harmless and never read as output.
        }
    }
}
