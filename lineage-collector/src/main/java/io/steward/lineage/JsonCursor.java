package io.steward.lineage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * A streaming walk over one JSON value with the path to where it stands ("outputs[0].facets"),
 * kept as a stack of names and indices and written out only when an error names it. Reading
 * OpenLineage this way builds nothing but what the lineage graph keeps: no tree of the event,
 * no bound object of a facet, no path string per element (each of those cost more than the
 * graph rows themselves at thousands of events a second).
 *
 * <p>Every read method starts on the value's first token and leaves the parser on its last.
 */
final class JsonCursor {

    @FunctionalInterface
    interface FieldReader {
        /** Reads (or skips) the value of the named field, on which the cursor stands. */
        void field(String name) throws IOException;
    }

    @FunctionalInterface
    interface ElementReader {
        void element(int index) throws IOException;
    }

    @FunctionalInterface
    interface ValueReader {
        void read() throws IOException;
    }

    private static final int MAX_DEPTH = 64;

    private final JsonParser parser;
    private final String where;
    private final String[] names = new String[MAX_DEPTH];
    private final int[] indices = new int[MAX_DEPTH];
    private int depth;

    /** @param where how errors name the whole value ("event 3") */
    JsonCursor(JsonParser parser, String where) {
        this.parser = parser;
        this.where = where;
    }

    /** Reads an object's fields in order; false (and nothing read) when the value is null. */
    boolean object(FieldReader reader) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return false;
        }
        if (token != JsonToken.START_OBJECT) {
            throw invalid(" must be an object");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            push(name, -1);
            reader.field(name);
            depth--;
        }
        return true;
    }

    /** An object that must be there: null is an error too. */
    void requiredObject(FieldReader reader) throws IOException {
        if (!object(reader)) {
            throw invalid(" must be an object");
        }
    }

    /** Reads one field of an object (nothing when the object or the field is absent), skipping the others. */
    void member(String name, ValueReader reader) throws IOException {
        object(field -> {
            if (field.equals(name)) {
                reader.read();
            } else {
                skip();
            }
        });
    }

    /**
     * The named string fields of an object that must be there, in the order named, null where
     * absent; its other fields are skipped.
     */
    String[] strings(String... names) throws IOException {
        String[] values = new String[names.length];
        requiredObject(field -> {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(field)) {
                    values[i] = string();
                    return;
                }
            }
            skip();
        });
        return values;
    }

    /** Reads an array's elements in order; false when the value is null. */
    boolean array(ElementReader reader) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return false;
        }
        if (token != JsonToken.START_ARRAY) {
            throw invalid(" must be an array");
        }
        for (int index = 0; parser.nextToken() != JsonToken.END_ARRAY; index++) {
            push(null, index);
            reader.element(index);
            depth--;
        }
        return true;
    }

    /** A string, or null for null. */
    String string() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw invalid(" must be a string");
    }

    /** A number, or null for null. */
    Double number() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDoubleValue();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw invalid(" must be a number");
    }

    /** true or false, or null for null. */
    Boolean bool() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return token == JsonToken.VALUE_TRUE;
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw invalid(" must be true or false");
    }

    JsonToken token() {
        return parser.currentToken();
    }

    /** Passes over a value Steward does not read, whatever its shape. */
    void skip() throws IOException {
        parser.skipChildren();
    }

    /** An error about the value the cursor stands at: "event 2: outputs[0].name" + problem. */
    InvalidEventException invalid(String problem) {
        return new InvalidEventException(where + ": " + path() + problem);
    }

    /**
     * A field missing from the object the cursor stands in (or invalid as a whole):
     * "event 2: outputs[0]: name is required (a non-empty string)".
     */
    InvalidEventException missing(String field, String requirement) {
        return error(field + " " + requirement);
    }

    /** An error about the object the cursor stands in as a whole: "event 2: outputs[0]: " + message. */
    InvalidEventException error(String message) {
        String path = path();
        return new InvalidEventException(where + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    /** The field's value unless it is null or blank, which is an error naming it. */
    String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw missing(field, "is required (a non-empty string)");
        }
        return value;
    }

    private void push(String name, int index) {
        if (depth == MAX_DEPTH) {
            throw invalid(" nests deeper than " + MAX_DEPTH + " levels");
        }
        names[depth] = name;
        indices[depth] = index;
        depth++;
    }

    private String path() {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (names[i] != null) {
                path.append(path.isEmpty() ? "" : ".").append(names[i]);
            } else {
                path.append('[').append(indices[i]).append(']');
            }
        }
        return path.toString();
    }
}
