package io.steward.atlas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the last syncs left in one Atlas: for each Steward entity (dataset:NS:NAME,
 * column:NS:NAME.COLUMN, job:NS:NAME) its Atlas guid and a hash of what was sent, and for each
 * column the classifications it carries with a hash of their attributes. Saved after every step
 * that Atlas confirmed, by writing a new file and renaming it over the old one, so a sync that
 * fails anywhere leaves a state the next one resumes from: it sends only what differs.
 */
final class SyncState {

    /** An entity as Atlas holds it. */
    record Sent(String guid, String hash) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The fields as stored; TreeMaps keep the file stable and diffable. */
    static final class Stored {
        public String atlas;
        public Map<String, Sent> entities = new TreeMap<>();
        public Map<String, Map<String, String>> classifications = new TreeMap<>();
    }

    private final Path file;
    private final Stored stored;

    private SyncState(Path file, Stored stored) {
        this.file = file;
        this.stored = stored;
    }

    /**
     * The state kept in {@code file} for the Atlas at {@code atlas}; empty when there is none. A
     * state kept for another Atlas is refused: its guids mean nothing here.
     */
    static SyncState load(Path file, String atlas) {
        if (!Files.exists(file)) {
            Stored fresh = new Stored();
            fresh.atlas = atlas;
            return new SyncState(file, fresh);
        }
        Stored stored;
        try {
            stored = JSON.readValue(file.toFile(), Stored.class);
        } catch (IOException e) {
            throw new SyncException("the sync state " + file + " is not readable (" + e.getMessage()
                    + "); move it away to sync everything again", e);
        }
        if (stored.atlas != null && !stored.atlas.equals(atlas)) {
            throw new SyncException("the sync state " + file + " belongs to the Atlas at " + stored.atlas
                    + ", not " + atlas + ": pass --state with a file for this one");
        }
        stored.atlas = atlas;
        return new SyncState(file, stored);
    }

    Sent entity(String key) {
        return stored.entities.get(key);
    }

    Map<String, Sent> entities() {
        return stored.entities;
    }

    void sent(String key, Sent sent) {
        stored.entities.put(key, sent);
    }

    void forget(String key) {
        stored.entities.remove(key);
        stored.classifications.remove(key);
    }

    /** The classifications (name to attribute hash) a column carries in Atlas. */
    Map<String, String> classifications(String key) {
        return stored.classifications.getOrDefault(key, Map.of());
    }

    void classified(String key, Map<String, String> classifications) {
        if (classifications.isEmpty()) {
            stored.classifications.remove(key);
        } else {
            stored.classifications.put(key, new TreeMap<>(classifications));
        }
    }

    void save() {
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
            try {
                JSON.writeValue(temporary.toFile(), stored);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new SyncException("cannot save the sync state to " + file + ": " + e.getMessage(), e);
        }
    }
}
