package io.steward.masking;

import java.util.Locale;
import java.util.Optional;

/**
 * Transforms as policies write them: {@code REDACT}, {@code PARTIAL:LAST_4},
 * {@code PARTIAL:FIRST_4}, {@code PARTIAL:EMAIL_DOMAIN}, {@code HASH}, {@code TOKENIZE},
 * {@code NULLIFY}, {@code GENERALIZE:DATE_TO_YEAR}, {@code GENERALIZE:POSTCODE_PREFIX},
 * {@code GENERALIZE:AGE_BAND}.
 */
public final class TransformSpec {

    private TransformSpec() {
    }

    /**
     * @param label what REDACT writes between angle brackets (the entity type, or REDACTED)
     * @param key   the masking key; HASH and TOKENIZE need one
     * @throws IllegalArgumentException naming the spec and what is wrong with it
     */
    public static Transform parse(String spec, String label, Optional<MaskingKey> key) {
        String[] parts = spec.strip().toUpperCase(Locale.ROOT).split(":", 2);
        String name = parts[0];
        Optional<String> argument = parts.length > 1 ? Optional.of(parts[1]) : Optional.empty();
        Transform transform = switch (name) {
            case "REDACT" -> new Transform.Redact(label);
            case "NULLIFY" -> new Transform.Nullify();
            case "HASH" -> new Transform.Hash(key.orElseThrow(() -> needsKey(spec)));
            case "TOKENIZE" -> new Transform.Tokenize(key.orElseThrow(() -> needsKey(spec)));
            case "PARTIAL" -> new Transform.Partial(argument(spec, argument, Transform.Partial.Mode.class,
                    Transform.Partial.Mode.LAST_4));
            case "GENERALIZE" -> new Transform.Generalize(argument(spec, argument, Transform.Generalize.Level.class,
                    null));
            default -> throw new IllegalArgumentException("unknown transform '" + spec + "': use REDACT, PARTIAL[:LAST_4"
                    + "|FIRST_4|EMAIL_DOMAIN], HASH, TOKENIZE, NULLIFY or GENERALIZE:DATE_TO_YEAR|POSTCODE_PREFIX|AGE_BAND");
        };
        if (argument.isPresent() && !(transform instanceof Transform.Partial || transform instanceof Transform.Generalize)) {
            throw new IllegalArgumentException("transform '" + spec + "': " + name + " takes no argument");
        }
        return transform;
    }

    /** The spec that parses back to the transform ("PARTIAL:LAST_4"), for sidecars and reports. */
    public static String format(Transform transform) {
        if (transform instanceof Transform.Partial partial) {
            return "PARTIAL:" + partial.mode();
        }
        if (transform instanceof Transform.Generalize generalize) {
            return "GENERALIZE:" + generalize.level();
        }
        return transform.name();
    }

    private static <E extends Enum<E>> E argument(String spec, Optional<String> argument, Class<E> type, E fallback) {
        if (argument.isEmpty()) {
            if (fallback == null) {
                throw new IllegalArgumentException("transform '" + spec + "' needs an argument: one of "
                        + java.util.Arrays.toString(type.getEnumConstants()));
            }
            return fallback;
        }
        try {
            return Enum.valueOf(type, argument.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transform '" + spec + "': unknown argument '" + argument.get()
                    + "', use one of " + java.util.Arrays.toString(type.getEnumConstants()), e);
        }
    }

    private static IllegalArgumentException needsKey(String spec) {
        return new IllegalArgumentException("transform '" + spec + "' needs a masking key: --key-file FILE or the "
                + MaskingKey.ENVIRONMENT_VARIABLE + " environment variable (base64, at least 16 bytes)");
    }
}
