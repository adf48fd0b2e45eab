package io.steward.rules;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Spark SQL text for identifiers and literals, escaped so that user text can never change the query. */
final class SqlText {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private SqlText() {
    }

    /** `name`, with backticks doubled. */
    static String identifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** 'text' as Spark parses string literals by default: backslash and quote escaped. */
    static String string(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A timestamp literal in UTC, the session time zone Steward's Spark sessions use. */
    static String timestamp(Instant instant) {
        return "TIMESTAMP '" + TIMESTAMP.format(instant) + "'";
    }
}
