package io.steward.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.dqdl.Dqdl;
import io.steward.dqdl.ast.Ruleset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The bookmark and the metric states of one dataset checked by one ruleset, in the history
 * folder: {@code states/DATASET/RULESET/bookmark.json} lists the parts evaluated and the
 * fingerprint each had; {@code parts/} holds one folder of states per part and fingerprint. A
 * part's folder appears whole (written aside, then renamed) and the bookmark is replaced whole
 * after its states, so a run that stops half-way leaves the last bookmark and at worst unused
 * folders, which the next commit sweeps. Another ruleset (by its canonical text) has its own
 * bookmark: its metrics need states of their own.
 */
public final class StateStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    private StateStore(Path root) {
        this.root = root;
    }

    /** The store of this dataset and ruleset under a history folder. */
    public static StateStore open(Path history, String dataset, Ruleset ruleset) {
        String readable = dataset.replaceAll("[^A-Za-z0-9._=-]+", "_");
        if (readable.length() > 60) {
            readable = readable.substring(readable.length() - 60);
        }
        return new StateStore(history.resolve("states").resolve(readable + "-" + hash(dataset, 6))
                .resolve(hash(Dqdl.format(ruleset), 8)));
    }

    /** Held while a run reads and moves the bookmark; closing releases it. */
    public interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the store for one run: a second run of this ruleset on this dataset, in any process on
     * this machine, is refused while the first holds it (their bookmarks would overwrite each other).
     */
    Lock lock() {
        try {
            Files.createDirectories(root);
            FileChannel channel = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock held;
            try {
                held = channel.tryLock();
            } catch (OverlappingFileLockException e) { // held by this JVM
                held = null;
            }
            if (held == null) {
                channel.close();
                throw new IllegalStateException("another incremental check of this dataset with this ruleset is "
                        + "running (" + root + " is locked); run again when it has finished");
            }
            FileLock taken = held;
            return () -> {
                try {
                    taken.release();
                    channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot release " + root.resolve("lock"), e);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + root, e);
        }
    }

    /** The fingerprint of each part evaluated last time, by part id; empty before the first run. */
    public Map<String, String> bookmark() {
        Path file = root.resolve("bookmark.json");
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            JsonNode parts = JSON.readTree(file.toFile()).path("parts");
            Map<String, String> bookmark = new LinkedHashMap<>();
            parts.fields().forEachRemaining(e -> bookmark.put(e.getKey(), e.getValue().asText()));
            return bookmark;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bookmark " + file, e);
        }
    }

    /** The folder of a part's states (it exists once {@link #write} has completed for it). */
    Path part(String id, String fingerprint) {
        return root.resolve("parts").resolve(hash(id + "\n" + fingerprint, 12));
    }

    /** Writes a part's states: the writer fills a fresh folder, which then replaces the part's. */
    void write(String id, String fingerprint, PartWriter writer) {
        Path target = part(id, fingerprint);
        Path staging = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            writer.write(staging);
            delete(target);
            move(staging, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metric states in " + root, e);
        } finally {
            delete(staging);
        }
    }

    /** A fresh folder for work in progress, beside the parts (so its contents move into them). */
    Path scratch() {
        try {
            return Files.createDirectories(root.resolve("scratch-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metric states in " + root, e);
        }
    }

    /** Removes a scratch folder and what is left in it. */
    void discard(Path scratch) {
        delete(scratch);
    }

    /** Fills a part's state folder. */
    @FunctionalInterface
    interface PartWriter {
        void write(Path folder) throws IOException;
    }

    /** Records the parts now evaluated (id to fingerprint) and drops every other part's states. */
    void commit(String dataset, Map<String, String> parts) {
        ObjectNode bookmark = JSON.createObjectNode();
        bookmark.put("dataset", dataset);
        ObjectNode entries = bookmark.putObject("parts");
        parts.forEach(entries::put);
        Path file = root.resolve("bookmark.json");
        Path staging = root.resolve("bookmark.json.tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(root);
            Files.writeString(staging, bookmark.toPrettyString(), StandardCharsets.UTF_8);
            move(staging, file);
            Set<Path> kept = parts.entrySet().stream().map(e -> part(e.getKey(), e.getValue()))
                    .collect(java.util.stream.Collectors.toSet());
            Path folders = root.resolve("parts");
            if (Files.isDirectory(folders)) {
                try (Stream<Path> all = Files.list(folders)) {
                    all.filter(p -> !kept.contains(p)).forEach(StateStore::delete);
                }
            }
            try (Stream<Path> all = Files.list(root)) { // left by runs that stopped half-way
                all.filter(p -> p.getFileName().toString().startsWith("scratch-")).forEach(StateStore::delete);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bookmark " + file, e);
        } finally {
            delete(staging);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    static String hash(String text, int bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
