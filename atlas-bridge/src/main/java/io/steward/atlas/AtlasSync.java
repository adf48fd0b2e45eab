package io.steward.atlas;

import io.steward.atlas.StewardCatalog.Column;
import io.steward.atlas.StewardCatalog.Dataset;
import io.steward.atlas.StewardCatalog.DatasetRef;
import io.steward.atlas.StewardCatalog.Job;
import io.steward.atlas.StewardCatalog.Snapshot;
import io.steward.atlas.StewardCatalog.Tag;
import org.apache.atlas.model.instance.AtlasClassification;
import org.apache.atlas.model.instance.AtlasEntity;
import org.apache.atlas.model.instance.AtlasEntity.AtlasEntitiesWithExtInfo;
import org.apache.atlas.model.instance.AtlasEntityHeader;
import org.apache.atlas.model.instance.AtlasObjectId;
import org.apache.atlas.model.instance.EntityMutationResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One sync of Steward's catalog into Atlas, in steps that each leave a saved state: Steward's
 * types; datasets, then their columns, then jobs (with their inputs and outputs, Atlas' lineage),
 * each sent only when it differs from what the state says Atlas holds, in bulk requests; what
 * Steward no longer has, deleted; then the confirmed PII tags of each column as classifications,
 * added, updated or removed. A classification on a column Steward marked masked (a keyed hash of
 * an email) does not propagate: Steward already decided where the personal data stops.
 */
final class AtlasSync {

    /** What a sync did. */
    record Report(int typesCreated, int entitiesWritten, int entitiesUnchanged, int entitiesDeleted,
                  int classificationsAdded, int classificationsUpdated, int classificationsRemoved) {
    }

    /** An entity to send and the key Steward knows it by. */
    private record Pending(String key, AtlasEntity entity, String hash) {
    }

    private final AtlasGateway atlas;
    private final SyncState state;
    private final int batchSize;
    private int entitiesWritten;
    private int entitiesUnchanged;
    private int entitiesDeleted;
    private int added;
    private int updated;
    private int removed;

    AtlasSync(AtlasGateway atlas, SyncState state, int batchSize) {
        this.atlas = atlas;
        this.state = state;
        this.batchSize = batchSize;
    }

    Report run(Snapshot catalog) {
        int typesCreated = types(catalog);
        List<Pending> datasets = new ArrayList<>();
        List<Pending> columns = new ArrayList<>();
        for (Dataset dataset : catalog.datasets()) {
            datasets.add(pending(datasetKey(dataset.namespace(), dataset.name()), datasetEntity(dataset)));
            for (Column column : dataset.columns()) {
                columns.add(pending(columnKey(dataset, column), columnEntity(dataset, column)));
            }
        }
        List<Pending> jobs = catalog.jobs().stream().map(j -> pending("job:" + j.namespace() + ":" + j.name(),
                jobEntity(j))).toList();
        write(datasets);
        write(columns);
        write(jobs);
        Set<String> present = new TreeSet<>();
        datasets.forEach(p -> present.add(p.key()));
        columns.forEach(p -> present.add(p.key()));
        jobs.forEach(p -> present.add(p.key()));
        deleteMissing(present);
        for (Dataset dataset : catalog.datasets()) {
            for (Column column : dataset.columns()) {
                classify(columnKey(dataset, column), column);
            }
        }
        return new Report(typesCreated, entitiesWritten, entitiesUnchanged, entitiesDeleted, added, updated, removed);
    }

    /** Creates whichever of Steward's types Atlas lacks; returns how many. */
    private int types(Snapshot catalog) {
        Set<String> entityTypes = new TreeSet<>(AtlasTypes.ENTITY_TYPES);
        catalog.datasets().forEach(d -> d.columns().forEach(c -> c.tags().stream().filter(Tag::confirmed)
                .forEach(t -> entityTypes.add(t.entityType()))));
        Set<String> missing = new TreeSet<>(AtlasTypes.names(entityTypes));
        missing.removeAll(atlas.typeNames());
        if (!missing.isEmpty()) {
            atlas.createTypes(AtlasTypes.definitions(missing, entityTypes));
        }
        return missing.size();
    }

    private static String datasetKey(String namespace, String name) {
        return "dataset:" + namespace + ":" + name;
    }

    private static String columnKey(Dataset dataset, Column column) {
        return "column:" + dataset.namespace() + ":" + dataset.name() + "." + column.name();
    }

    /** Atlas' unique name of a Steward entity: its key without the kind, e.g. s3://lake:orders.email. */
    private static String qualifiedName(String key) {
        return key.substring(key.indexOf(':') + 1);
    }

    private static AtlasObjectId datasetId(String namespace, String name) {
        return new AtlasObjectId(AtlasTypes.DATASET, "qualifiedName", qualifiedName(datasetKey(namespace, name)));
    }

    private static AtlasEntity datasetEntity(Dataset dataset) {
        AtlasEntity entity = new AtlasEntity(AtlasTypes.DATASET);
        entity.setAttribute("qualifiedName", qualifiedName(datasetKey(dataset.namespace(), dataset.name())));
        entity.setAttribute("name", dataset.name());
        entity.setAttribute("namespace", dataset.namespace());
        entity.setAttribute("description", dataset.description());
        entity.setAttribute("owner", dataset.owner());
        entity.setAttribute("location", dataset.location());
        entity.setAttribute("format", dataset.format());
        entity.setAttribute("dataClassification", dataset.classification());
        entity.setAttribute("stewardId", dataset.id());
        return entity;
    }

    private static AtlasEntity columnEntity(Dataset dataset, Column column) {
        AtlasEntity entity = new AtlasEntity(AtlasTypes.COLUMN);
        entity.setAttribute("qualifiedName", qualifiedName(columnKey(dataset, column)));
        entity.setAttribute("name", column.name());
        entity.setAttribute("dataType", column.type());
        entity.setAttribute("position", column.position());
        entity.setRelationshipAttribute("dataset", datasetId(dataset.namespace(), dataset.name()));
        return entity;
    }

    private static AtlasEntity jobEntity(Job job) {
        AtlasEntity entity = new AtlasEntity(AtlasTypes.JOB);
        entity.setAttribute("qualifiedName", job.namespace() + ":" + job.name());
        entity.setAttribute("name", job.name());
        entity.setAttribute("namespace", job.namespace());
        entity.setAttribute("description", job.description());
        entity.setAttribute("stewardId", job.id());
        entity.setRelationshipAttribute("inputs", refs(job.inputs()));
        entity.setRelationshipAttribute("outputs", refs(job.outputs()));
        return entity;
    }

    private static List<AtlasObjectId> refs(List<DatasetRef> datasets) {
        return datasets.stream().map(d -> datasetId(d.namespace(), d.name())).toList();
    }

    /** The entity with a hash of everything sent: its attributes and relationships, in a fixed order. */
    private static Pending pending(String key, AtlasEntity entity) {
        StringBuilder text = new StringBuilder(entity.getTypeName());
        new TreeMap<>(entity.getAttributes()).forEach((name, value) -> text.append('\n').append(name).append('=')
                .append(value));
        if (entity.getRelationshipAttributes() != null) {
            new TreeMap<>(entity.getRelationshipAttributes()).forEach((name, value) -> text.append('\n').append(name)
                    .append("->").append(reference(value)));
        }
        return new Pending(key, entity, sha256(text.toString()));
    }

    private static String reference(Object value) {
        if (value instanceof AtlasObjectId id) {
            return id.getTypeName() + ":" + id.getUniqueAttributes();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(AtlasSync::reference).toList().toString();
        }
        return String.valueOf(value);
    }

    /** Sends what changed, a bulk request per batch, saving the guids Atlas gave after each. */
    private void write(List<Pending> all) {
        List<Pending> changed = new ArrayList<>();
        for (Pending p : all) {
            SyncState.Sent sent = state.entity(p.key());
            if (sent != null && sent.hash().equals(p.hash())) {
                entitiesUnchanged++;
            } else {
                changed.add(p);
            }
        }
        for (int from = 0; from < changed.size(); from += batchSize) {
            List<Pending> batch = changed.subList(from, Math.min(changed.size(), from + batchSize));
            Map<String, Pending> byTemporaryGuid = new LinkedHashMap<>();
            List<AtlasEntity> entities = new ArrayList<>();
            for (Pending p : batch) {
                // Negative guids are placeholders: Atlas matches the entity by qualifiedName or creates it.
                String temporary = "-" + (byTemporaryGuid.size() + 1);
                p.entity().setGuid(temporary);
                byTemporaryGuid.put(temporary, p);
                entities.add(p.entity());
            }
            EntityMutationResponse response = atlas.upsert(new AtlasEntitiesWithExtInfo(entities));
            Map<String, String> byName = guidsByQualifiedName(response);
            Map<String, String> assigned = response == null || response.getGuidAssignments() == null ? Map.of()
                    : response.getGuidAssignments();
            byTemporaryGuid.forEach((temporary, p) -> {
                String guid = assigned.get(temporary);
                if (guid == null) {
                    guid = byName.get(qualifiedName(p.key()));
                }
                if (guid == null && state.entity(p.key()) != null) {
                    guid = state.entity(p.key()).guid(); // unchanged in Atlas: it did not list it
                }
                if (guid == null) {
                    throw new SyncException("Atlas accepted " + p.key() + " but did not say its guid");
                }
                state.sent(p.key(), new SyncState.Sent(guid, p.hash()));
            });
            state.save();
            entitiesWritten += batch.size();
        }
    }

    private static Map<String, String> guidsByQualifiedName(EntityMutationResponse response) {
        Map<String, String> guids = new HashMap<>();
        if (response == null || response.getMutatedEntities() == null) {
            return guids;
        }
        for (List<AtlasEntityHeader> headers : response.getMutatedEntities().values()) {
            for (AtlasEntityHeader header : headers) {
                Object name = header.getAttribute("qualifiedName");
                if (name != null && header.getGuid() != null) {
                    guids.put(name.toString(), header.getGuid());
                }
            }
        }
        return guids;
    }

    /**
     * Deletes what Steward no longer has: jobs and columns one by one kind, and datasets, whose
     * columns Atlas deletes with them (composition).
     */
    private void deleteMissing(Set<String> present) {
        List<String> gone = state.entities().keySet().stream().filter(k -> !present.contains(k)).toList();
        for (String kind : List.of("job:", "column:", "dataset:")) {
            List<String> keys = gone.stream().filter(k -> k.startsWith(kind)).toList();
            for (int from = 0; from < keys.size(); from += batchSize) {
                List<String> batch = keys.subList(from, Math.min(keys.size(), from + batchSize));
                atlas.delete(batch.stream().map(k -> state.entity(k).guid()).toList());
                batch.forEach(state::forget);
                state.save();
                entitiesDeleted += batch.size();
            }
        }
    }

    /** The column's confirmed tags as classifications: adds, updates and removes what differs. */
    private void classify(String key, Column column) {
        Map<String, AtlasClassification> wanted = new TreeMap<>();
        Map<String, String> hashes = new TreeMap<>();
        for (Tag tag : column.tags()) {
            if (!tag.confirmed()) {
                continue;
            }
            String name = AtlasTypes.classification(tag.entityType());
            AtlasClassification classification = new AtlasClassification(name, Map.of(
                    "confidence", (float) tag.confidence(), "source", tag.source()));
            classification.setPropagate(!tag.masked());
            wanted.put(name, classification);
            hashes.put(name, sha256(tag.confidence() + " " + tag.source() + " " + tag.masked()));
        }
        Map<String, String> held = state.classifications(key);
        if (held.equals(hashes)) {
            return;
        }
        String guid = state.entity(key).guid();
        List<AtlasClassification> toAdd = new ArrayList<>();
        List<AtlasClassification> toUpdate = new ArrayList<>();
        wanted.forEach((name, classification) -> {
            if (!held.containsKey(name)) {
                toAdd.add(classification);
            } else if (!held.get(name).equals(hashes.get(name))) {
                toUpdate.add(classification);
            }
        });
        // The state follows each call Atlas confirmed, so a sync that fails between them neither adds
        // a classification twice (Atlas refuses that) nor forgets one it removed.
        Map<String, String> current = new TreeMap<>(held);
        if (!toAdd.isEmpty()) {
            atlas.addClassifications(guid, toAdd);
            toAdd.forEach(c -> current.put(c.getTypeName(), hashes.get(c.getTypeName())));
            record(key, current);
            added += toAdd.size();
        }
        if (!toUpdate.isEmpty()) {
            atlas.updateClassifications(guid, toUpdate);
            toUpdate.forEach(c -> current.put(c.getTypeName(), hashes.get(c.getTypeName())));
            record(key, current);
            updated += toUpdate.size();
        }
        for (String name : held.keySet()) {
            if (!wanted.containsKey(name)) {
                atlas.removeClassification(guid, name);
                current.remove(name);
                record(key, current);
                removed++;
            }
        }
    }

    private void record(String key, Map<String, String> classifications) {
        state.classified(key, classifications);
        state.save();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
