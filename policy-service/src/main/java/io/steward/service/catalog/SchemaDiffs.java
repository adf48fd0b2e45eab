package io.steward.service.catalog;

import io.steward.service.catalog.CatalogApi.Field;
import io.steward.service.catalog.CatalogApi.SchemaDiff;
import io.steward.service.catalog.CatalogApi.TypeChange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The difference between two schemas, field by field. Types are Spark's names
 * ({@code struct<id:bigint,address:struct<city:string>>}); the fields of structs, also inside
 * arrays ({@code items[].sku}), are compared by their path, so adding a nested field is an
 * addition, not a retyped column. Arrays of other types and maps are compared whole.
 */
final class SchemaDiffs {

    private static final List<String> INTEGERS = List.of("tinyint", "smallint", "int", "bigint");
    private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),(\\d+)\\)");

    private SchemaDiffs() {
    }

    static SchemaDiff between(List<Field> before, List<Field> after) {
        Map<String, String> old = leaves(before);
        Map<String, String> now = leaves(after);
        List<Field> added = new ArrayList<>();
        List<TypeChange> changed = new ArrayList<>();
        now.forEach((name, type) -> {
            String previous = old.get(name);
            if (previous == null) {
                added.add(new Field(name, type));
            } else if (!previous.equals(type)) {
                changed.add(new TypeChange(name, previous, type));
            }
        });
        List<Field> removed = new ArrayList<>();
        old.forEach((name, type) -> {
            if (!now.containsKey(name)) {
                removed.add(new Field(name, type));
            }
        });
        boolean breaking = !removed.isEmpty() || changed.stream().anyMatch(c -> !widens(c.from(), c.to()));
        return new SchemaDiff(added, removed, changed, breaking);
    }

    /** Whether every value of the first type is a value of the second. */
    static boolean widens(String from, String to) {
        String a = from.toLowerCase(Locale.ROOT);
        String b = to.toLowerCase(Locale.ROOT);
        if (INTEGERS.contains(a) && INTEGERS.contains(b)) {
            return INTEGERS.indexOf(a) <= INTEGERS.indexOf(b);
        }
        if (a.equals("float") && b.equals("double")) {
            return true;
        }
        Matcher x = DECIMAL.matcher(a);
        Matcher y = DECIMAL.matcher(b);
        if (x.matches() && y.matches()) {
            int scale = Integer.parseInt(x.group(2));
            int newScale = Integer.parseInt(y.group(2));
            return newScale >= scale && Integer.parseInt(y.group(1)) - newScale >= Integer.parseInt(x.group(1)) - scale;
        }
        return false;
    }

    /** Every field by path, struct fields expanded (their own entry would only repeat them). */
    private static Map<String, String> leaves(List<Field> fields) {
        Map<String, String> leaves = new LinkedHashMap<>();
        fields.forEach(f -> expand(f.name(), f.type(), leaves));
        return leaves;
    }

    private static void expand(String path, String type, Map<String, String> leaves) {
        String trimmed = type.strip();
        if (trimmed.startsWith("struct<") && trimmed.endsWith(">")) {
            List<String> members = split(trimmed.substring("struct<".length(), trimmed.length() - 1));
            if (members.isEmpty()) {
                leaves.put(path, trimmed);
            }
            for (String member : members) {
                int colon = topLevelColon(member);
                expand(path + "." + unquote(member.substring(0, colon)), member.substring(colon + 1), leaves);
            }
        } else if (trimmed.startsWith("array<struct<") && trimmed.endsWith(">")) {
            expand(path + "[]", trimmed.substring("array<".length(), trimmed.length() - 1), leaves);
        } else {
            leaves.put(path, trimmed);
        }
    }

    /** The comma-separated parts of a type list, commas inside <> or () left alone. */
    private static List<String> split(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '`') {
                quoted = !quoted;
            } else if (!quoted && (c == '<' || c == '(')) {
                depth++;
            } else if (!quoted && (c == '>' || c == ')')) {
                depth--;
            } else if (!quoted && c == ',' && depth == 0) {
                parts.add(list.substring(start, i));
                start = i + 1;
            }
        }
        if (start < list.length()) {
            parts.add(list.substring(start));
        }
        return parts;
    }

    /** The colon between a struct member's name (possibly `quoted`) and its type. */
    private static int topLevelColon(String member) {
        boolean quoted = false;
        for (int i = 0; i < member.length(); i++) {
            char c = member.charAt(i);
            if (c == '`') {
                quoted = !quoted;
            } else if (c == ':' && !quoted) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a struct member: " + member);
    }

    private static String unquote(String name) {
        String n = name.strip();
        return n.length() >= 2 && n.startsWith("`") && n.endsWith("`") ? n.substring(1, n.length() - 1).replace("``", "`")
                : n;
    }
}
