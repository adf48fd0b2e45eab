package io.steward.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts the rewrite of a dataset (a file or a folder) in place of the original so that a run killed
 * at any point, then run again, ends with exactly one of the two in place and nothing half-done
 * visible. The rewrite is staged in a hidden folder beside the data (readers skip names starting
 * with '.'); once Spark has committed it (_SUCCESS), the original is moved aside, the rewrite moved
 * in, and only then the original removed. {@link #recover()} finishes or undoes what a killed run
 * left, judging from which of the three names exist.
 */
final class EraseSwap {

    private final Path location;
    private final Path staged;
    private final Path previous;

    /**
     * The hidden names depend on the data's name only, not on the requests a run erases: a run
     * killed midway is recovered by the next, whichever batch of requests it runs.
     */
    EraseSwap(Path location) {
        this.location = location.toAbsolutePath();
        String name = this.location.getFileName().toString();
        this.staged = this.location.resolveSibling("." + name + ".steward-erase.new");
        this.previous = this.location.resolveSibling("." + name + ".steward-erase.old");
    }

    /** Where Spark writes the rewrite: a folder, whatever the data is. */
    Path staged() {
        return staged;
    }

    /**
     * Finishes or undoes what a killed run left: a rewrite already in place loses its leftovers; one
     * committed but half moved in is moved in; anything else staged is removed, so the next attempt
     * starts again from the data as it is. Returns true when a finished rewrite is in place.
     */
    boolean recover() {
        if (Files.exists(previous)) {
            if (Files.exists(location)) {
                cleanUp();
                return true;
            }
            if (committed()) {
                moveIn();
                cleanUp();
                return true;
            }
            move(previous, location); // cannot happen through swap(), which moves aside only a committed rewrite
            AtomicOutput.deleteTree(staged);
            return false;
        }
        AtomicOutput.deleteTree(staged);
        return false;
    }

    /**
     * Writes the rewrite (a file's as one file) into the staging folder and puts it in place. The
     * rewrite must come from the data as it is now: call {@link #recover()} before reading it.
     */
    void replaceWith(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rewritten, DataFiles.Format format) {
        DataFiles.writeVerbatim(Files.isRegularFile(location) ? rewritten.coalesce(1) : rewritten, staged, format);
        Failpoint.reach("swap.staged");
        swap();
    }

    /** Puts the committed rewrite in place of the original, then removes the original. */
    void swap() {
        if (!committed()) {
            throw new IllegalStateException(staged + " holds no committed rewrite");
        }
        moveAside();
        Failpoint.reach("swap.moved-aside");
        moveIn();
        Failpoint.reach("swap.moved-in");
        cleanUp();
    }

    /** Step 1: the original leaves its name (package-private: tests stop here to play a kill). */
    void moveAside() {
        move(location, previous);
    }

    /** Step 2: the rewrite takes the name; a file's rewrite is the single data file Spark wrote. */
    void moveIn() {
        if (Files.isRegularFile(previous)) {
            move(dataFile(), location);
        } else {
            move(staged, location);
        }
    }

    private void cleanUp() {
        AtomicOutput.deleteTree(previous);
        AtomicOutput.deleteTree(staged);
    }

    private boolean committed() {
        return Files.exists(staged.resolve("_SUCCESS"));
    }

    private Path dataFile() {
        try (Stream<Path> files = Files.list(staged)) {
            List<Path> data = files.filter(f -> !f.getFileName().toString().startsWith(".")
                    && !f.getFileName().toString().startsWith("_")).toList();
            if (data.size() != 1) {
                throw new IllegalStateException(staged + " holds " + data.size() + " data files; a file's rewrite is one");
            }
            return data.get(0);
        } catch (IOException e) {
            throw new InputException(staged + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to);
            }
        } catch (IOException e) {
            throw new InputException("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
