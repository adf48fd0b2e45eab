package io.steward.service.catalog;

import io.steward.service.catalog.CatalogApi.Field;
import io.steward.service.catalog.CatalogApi.SchemaDiff;
import io.steward.service.catalog.CatalogApi.TypeChange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The difference between two schemas, by field name. */
final class SchemaDiffs {

    private SchemaDiffs() {
    }

    static SchemaDiff between(List<Field> before, List<Field> after) {
        Map<String, String> old = types(before);
        Map<String, String> now = types(after);
        List<Field> added = new ArrayList<>();
        List<TypeChange> changed = new ArrayList<>();
        for (Field field : after) {
            String previous = old.get(field.name());
            if (previous == null) {
                added.add(field);
            } else if (!previous.equals(field.type())) {
                changed.add(new TypeChange(field.name(), previous, field.type()));
            }
        }
        List<Field> removed = before.stream().filter(f -> !now.containsKey(f.name())).toList();
        return new SchemaDiff(added, removed, changed);
    }

    private static Map<String, String> types(List<Field> fields) {
        Map<String, String> types = new LinkedHashMap<>();
        fields.forEach(f -> types.put(f.name(), f.type()));
        return types;
    }
}
