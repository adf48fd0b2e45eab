package io.steward.atlas;

import org.apache.atlas.model.typedef.AtlasClassificationDef;
import org.apache.atlas.model.typedef.AtlasEntityDef;
import org.apache.atlas.model.typedef.AtlasRelationshipDef;
import org.apache.atlas.model.typedef.AtlasRelationshipDef.PropagateTags;
import org.apache.atlas.model.typedef.AtlasRelationshipDef.RelationshipCategory;
import org.apache.atlas.model.typedef.AtlasRelationshipEndDef;
import org.apache.atlas.model.typedef.AtlasStructDef.AtlasAttributeDef;
import org.apache.atlas.model.typedef.AtlasStructDef.AtlasAttributeDef.Cardinality;
import org.apache.atlas.model.typedef.AtlasTypesDef;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Steward's types in Atlas: steward_dataset and steward_column (DataSets, a column belonging to its
 * dataset by composition), steward_job (a Process, whose inputs and outputs are Atlas lineage),
 * and a classification per PII entity type (PII_EMAIL_ADDRESS, ...) under one parent PII, so that
 * a Ranger tag policy on PII covers them all. Each carries the confidence and source Steward gave.
 */
final class AtlasTypes {

    static final String DATASET = "steward_dataset";
    static final String COLUMN = "steward_column";
    static final String JOB = "steward_job";
    static final String DATASET_COLUMNS = "steward_dataset_columns";
    static final String PII = "PII";
    static final String VERSION = "1.0";

    /** The entity types DESIGN.md names; any other a catalog holds gets its classification too. */
    static final List<String> ENTITY_TYPES = List.of("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
            "IBAN_CODE", "US_SSN", "IP_ADDRESS", "DATE_OF_BIRTH", "LOCATION", "US_PASSPORT", "US_DRIVER_LICENSE",
            "UK_NINO", "UK_NHS", "MAC_ADDRESS", "URL", "CRYPTO", "US_BANK_NUMBER", "MEDICAL_LICENSE");

    private AtlasTypes() {
    }

    /** The classification for a Steward entity type: PII_ and the type, in Atlas' type-name alphabet. */
    static String classification(String entityType) {
        return PII + "_" + entityType.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }

    /** Every type name Steward defines for these entity types. */
    static Set<String> names(Collection<String> entityTypes) {
        Set<String> names = new TreeSet<>(List.of(DATASET, COLUMN, JOB, DATASET_COLUMNS, PII));
        entityTypes.forEach(t -> names.add(classification(t)));
        return names;
    }

    /** The definitions among {@code missing} (type names), to create in one request. */
    static AtlasTypesDef definitions(Set<String> missing, Collection<String> entityTypes) {
        List<AtlasEntityDef> entities = new ArrayList<>();
        if (missing.contains(DATASET)) {
            entities.add(new AtlasEntityDef(DATASET, "A dataset in Steward's catalog", VERSION, List.of(
                    optional("namespace", "string"), optional("location", "string"), optional("format", "string"),
                    optional("dataClassification", "string"), optional("stewardId", "long")), Set.of("DataSet")));
        }
        if (missing.contains(COLUMN)) {
            entities.add(new AtlasEntityDef(COLUMN, "A column of a dataset in Steward's catalog", VERSION, List.of(
                    optional("dataType", "string"), optional("position", "int")), Set.of("DataSet")));
        }
        if (missing.contains(JOB)) {
            entities.add(new AtlasEntityDef(JOB, "A job whose runs Steward collected as OpenLineage", VERSION, List.of(
                    optional("namespace", "string"), optional("stewardId", "long")), Set.of("Process")));
        }
        List<AtlasRelationshipDef> relationships = new ArrayList<>();
        if (missing.contains(DATASET_COLUMNS)) {
            // Tags do not flow between a dataset and its columns: Steward decides, per column.
            relationships.add(new AtlasRelationshipDef(DATASET_COLUMNS, "The columns of a Steward dataset", VERSION,
                    RelationshipCategory.COMPOSITION, PropagateTags.NONE,
                    new AtlasRelationshipEndDef(DATASET, "columns", Cardinality.SET, true),
                    new AtlasRelationshipEndDef(COLUMN, "dataset", Cardinality.SINGLE, false)));
        }
        List<AtlasClassificationDef> classifications = new ArrayList<>();
        if (missing.contains(PII)) {
            classifications.add(new AtlasClassificationDef(PII, "Personal data, as Steward detected and a reviewer confirmed",
                    VERSION, List.of(optional("confidence", "float"), optional("source", "string"))));
        }
        for (String entityType : new TreeSet<>(entityTypes)) {
            String name = classification(entityType);
            if (missing.contains(name)) {
                classifications.add(new AtlasClassificationDef(name, "Personal data of type " + entityType, VERSION,
                        List.of(), Set.of(PII)));
            }
        }
        return new AtlasTypesDef(List.of(), List.of(), classifications, entities, relationships);
    }

    private static AtlasAttributeDef optional(String name, String type) {
        return new AtlasAttributeDef(name, type, true, Cardinality.SINGLE);
    }
}
