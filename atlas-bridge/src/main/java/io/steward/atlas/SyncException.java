package io.steward.atlas;

/** A sync that cannot go on, with what failed and what to do about it; the state saved so far stands. */
final class SyncException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SyncException(String message) {
        super(message);
    }

    SyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
