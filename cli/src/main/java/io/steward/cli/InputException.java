package io.steward.cli;

/** Bad input the user must fix (missing file, unreadable path): exit code 2, no stack trace. */
final class InputException extends RuntimeException {
    InputException(String message) {
        super(message);
    }

    InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
