package io.steward.cli;

import io.steward.masking.MaskingKey;
import io.steward.masking.Transform;
import io.steward.masking.TransformSpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;

/**
 * Which rows of a dataset hold a data subject, from the columns an erase plan names there: a
 * column holding the identifier in clear is compared after the normalization its kind allows
 * (emails without case or surrounding blanks, phone numbers by their digits), a column holding a
 * keyed hash or token of it is compared with the identifier masked the same way, under the same
 * key. What cannot be compared (a column the data lacks, a mask whose key is not at hand, a mask
 * such as REDACT that leaves nothing to look for) is said in a note, never silently skipped.
 */
public final class ErasePredicate {

    /** A column the plan names in this dataset, the identifier kind it holds, and its mask (or null). */
    public record Target(String column, String identifier, String masked) {
    }

    /** The rows that hold the subject, and what could not be looked at. */
    record Match(Column condition, List<String> notes) {
    }

    private ErasePredicate() {
    }

    static Match of(Dataset<Row> data, List<Target> targets, Map<String, List<String>> identifiers,
                    Optional<MaskingKey> key) {
        Set<String> present = new java.util.HashSet<>();
        for (String name : data.columns()) {
            present.add(name.toLowerCase(Locale.ROOT));
        }
        Column any = lit(false);
        List<String> notes = new ArrayList<>();
        for (Target target : targets) {
            if (!present.contains(target.column().toLowerCase(Locale.ROOT))) {
                notes.add("column " + target.column() + " is not in the data");
                continue;
            }
            Set<String> forms;
            try {
                forms = forms(target, identifiers.getOrDefault(target.identifier(), List.of()), key);
            } catch (IllegalArgumentException e) {
                notes.add("column " + target.column() + " (masked by " + target.masked() + "): " + e.getMessage());
                continue;
            }
            Column column = col("`" + target.column().replace("`", "``") + "`").cast("string");
            any = any.or((target.masked() == null ? normalized(target.identifier(), column) : column)
                    .isin(forms.toArray()));
        }
        // A NULL in a planned column compares as NULL, and NOT NULL is NULL too: without this, deleting
        // the rows where the condition holds would also drop every row whose planned column is empty.
        return new Match(coalesce(any, lit(false)), notes);
    }

    /**
     * What a target column holds for these identifier values: the values as their kind compares
     * them, or their masked forms (each value masked as given and normalized: the mask saw the
     * value as the source stored it).
     *
     * @throws IllegalArgumentException when the mask needs a key not at hand or leaves nothing to look for
     */
    static Set<String> forms(Target target, List<String> values, Optional<MaskingKey> key) {
        Set<String> forms = new LinkedHashSet<>();
        for (String value : values) {
            if (target.masked() == null) {
                forms.add(normalize(target.identifier(), value));
            } else {
                for (String variant : new LinkedHashSet<>(List.of(value, value.strip(),
                        normalize(target.identifier(), value)))) {
                    forms.add(mask(target.masked(), variant, key));
                }
            }
        }
        return forms;
    }

    /** A value read from a target column as {@link #forms} compares it (Java's side of {@link #normalized}). */
    static String comparable(Target target, String value) {
        if (value == null) {
            return null;
        }
        if (target.masked() != null) {
            return value;
        }
        String spaces = value.replaceAll("^ +| +$", ""); // Spark's trim removes spaces only
        return switch (target.identifier()) {
            case "email" -> spaces.toLowerCase(Locale.ROOT);
            case "phone" -> value.replaceAll("[^0-9+]", "");
            default -> spaces;
        };
    }

    /** The identifier as its kind compares: emails in lower case, phone numbers as their digits and '+'. */
    static String normalize(String kind, String value) {
        String stripped = value.strip();
        return switch (kind) {
            case "email" -> stripped.toLowerCase(Locale.ROOT);
            case "phone" -> stripped.replaceAll("[^0-9+]", "");
            default -> stripped;
        };
    }

    private static Column normalized(String kind, Column column) {
        return switch (kind) {
            case "email" -> lower(trim(column));
            case "phone" -> regexp_replace(column, "[^0-9+]", "");
            default -> trim(column);
        };
    }

    /**
     * The value masked as the plan says: Steward's HASH or TOKENIZE under the key, or an unkeyed
     * SHA-256 (Spark's sha2, which the OpenLineage listener reports as masking).
     */
    private static String mask(String masked, String value, Optional<MaskingKey> key) {
        String name = masked.strip().toUpperCase(Locale.ROOT);
        if (name.equals("SHA2") || name.equals("SHA2_256") || name.equals("SHA-256")) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(value.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }
        Transform transform = TransformSpec.parse(masked, "erase", key);
        if (!(transform instanceof Transform.Hash) && !(transform instanceof Transform.Tokenize)) {
            throw new IllegalArgumentException(transform.name() + " leaves nothing of the identifier to look for; "
                    + "the subject's rows there are found by the dataset's other planned columns");
        }
        return transform.apply(value);
    }
}
