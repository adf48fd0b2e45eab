package io.steward.lineage;

/**
 * An event that does not follow the OpenLineage spec. The message names the event (its index in
 * an array) and the field, e.g. {@code event 3: run.runId must be a UUID, found 'x'}.
 */
public class InvalidEventException extends IllegalArgumentException {

    public InvalidEventException(String message) {
        super(message);
    }
}
