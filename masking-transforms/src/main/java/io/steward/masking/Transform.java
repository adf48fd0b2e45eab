package io.steward.masking;

import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A masking transform of one value. NULL stays NULL. Each is a plain function of its value (and
 * key), so the Spark column function that wraps it gives identical bytes on every engine.
 */
public sealed interface Transform extends Serializable {

    /** The masked value; null for null. */
    String apply(String value);

    /** "REDACT", "HASH", ... as policies and the sidecar name them. */
    String name();

    /** REDACT: the value becomes "<TYPE>", e.g. "<EMAIL_ADDRESS>". */
    record Redact(String label) implements Transform {
        public Redact {
            requireNonNull(label, "label");
        }

        @Override
        public String apply(String value) {
            return value == null ? null : "<" + label + ">";
        }

        @Override
        public String name() {
            return "REDACT";
        }
    }

    /** PARTIAL: show the last 4 or first 4 letters and digits, or an email's domain; separators stay. */
    record Partial(Mode mode) implements Transform {

        public enum Mode { LAST_4, FIRST_4, EMAIL_DOMAIN }

        private static final int SHOWN = 4;

        public Partial {
            requireNonNull(mode, "mode");
        }

        @Override
        public String apply(String value) {
            if (value == null) {
                return null;
            }
            if (mode == Mode.EMAIL_DOMAIN) {
                int at = value.lastIndexOf('@');
                return at < 0 ? mask(value, 0, 0) : "***" + value.substring(at);
            }
            int alphanumerics = (int) value.chars().filter(Character::isLetterOrDigit).count();
            return mode == Mode.LAST_4 ? mask(value, 0, Math.min(SHOWN, alphanumerics))
                    : mask(value, Math.min(SHOWN, alphanumerics), 0);
        }

        /** Keeps the first and last letters or digits shown, the rest become '*'. */
        private static String mask(String value, int keepFirst, int keepLast) {
            int total = (int) value.chars().filter(Character::isLetterOrDigit).count();
            StringBuilder masked = new StringBuilder(value.length());
            int seen = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (!Character.isLetterOrDigit(c)) {
                    masked.append(c);
                    continue;
                }
                boolean shown = seen < keepFirst || seen >= total - keepLast;
                masked.append(shown ? c : '*');
                seen++;
            }
            return masked.toString();
        }

        @Override
        public String name() {
            return "PARTIAL";
        }
    }

    /**
     * HASH: lower-case hex HMAC-SHA256 of the UTF-8 value under the key. The same value hashes the
     * same in every dataset and engine, and without the key it cannot be reversed or guessed.
     */
    record Hash(MaskingKey key) implements Transform {
        public Hash {
            requireNonNull(key, "key");
        }

        @Override
        public String apply(String value) {
            return value == null ? null : HexFormat.of().formatHex(key.hmac(value.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String name() {
            return "HASH";
        }
    }

    /**
     * TOKENIZE: format-preserving encryption of the digits with NIST SP 800-38G FF1 (AES, Bouncy
     * Castle): digits stay digits, length and every other character stay in place, and the key's
     * holder can reverse it. FF1 needs at least 6 digits (a domain of a million).
     */
    record Tokenize(MaskingKey key) implements Transform {

        static final int MINIMUM_DIGITS = 6;
        private static final byte[] NO_TWEAK = new byte[0];
        /**
         * Initialised engines per thread, by key id and direction: setting up AES for every value
         * would cost more than the encryption itself.
         */
        private static final ThreadLocal<java.util.Map<String, FPEFF1Engine>> ENGINES =
                ThreadLocal.withInitial(java.util.HashMap::new);

        public Tokenize {
            requireNonNull(key, "key");
        }

        @Override
        public String apply(String value) {
            return value == null ? null : process(value, true);
        }

        /** The original value of a token, for an authorized holder of the key. */
        public String reverse(String token) {
            return token == null ? null : process(token, false);
        }

        private String process(String value, boolean encrypt) {
            int count = (int) value.chars().filter(c -> c >= '0' && c <= '9').count();
            if (count < MINIMUM_DIGITS) {
                throw new IllegalArgumentException("TOKENIZE needs at least " + MINIMUM_DIGITS + " digits, found "
                        + count + "; use HASH or REDACT for shorter values");
            }
            byte[] digits = new byte[count];
            for (int i = 0, d = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c >= '0' && c <= '9') {
                    digits[d++] = (byte) (c - '0');
                }
            }
            FPEFF1Engine engine = ENGINES.get().computeIfAbsent(key.id() + (encrypt ? "/encrypt" : "/decrypt"), k -> {
                FPEFF1Engine created = new FPEFF1Engine();
                created.init(encrypt, new FPEParameters(new KeyParameter(key.derive("ff1", 32)), 10, NO_TWEAK));
                return created;
            });
            byte[] out = new byte[count];
            engine.processBlock(digits, 0, count, out, 0);
            StringBuilder result = new StringBuilder(value);
            for (int i = 0, d = 0; i < result.length(); i++) {
                char c = result.charAt(i);
                if (c >= '0' && c <= '9') {
                    result.setCharAt(i, (char) ('0' + out[d++]));
                }
            }
            return result.toString();
        }

        @Override
        public String name() {
            return "TOKENIZE";
        }
    }

    /** NULLIFY: the value becomes NULL. */
    record Nullify() implements Transform {
        @Override
        public String apply(String value) {
            return null;
        }

        @Override
        public String name() {
            return "NULLIFY";
        }
    }

    /**
     * GENERALIZE: keep a coarser value. A value that does not fit the expected shape becomes NULL
     * rather than passing through unmasked.
     */
    record Generalize(Level level) implements Transform {

        public enum Level { DATE_TO_YEAR, POSTCODE_PREFIX, AGE_BAND }

        private static final Pattern YEAR_FIRST = Pattern.compile("^((?:19|20)\\d{2})[-/.]\\d{1,2}[-/.]\\d{1,2}");
        private static final Pattern YEAR_LAST = Pattern.compile("^\\d{1,2}[-/.]\\d{1,2}[-/.]((?:19|20)\\d{2})\\b");
        private static final Pattern YEAR_ONLY = Pattern.compile("^((?:19|20)\\d{2})$");

        public Generalize {
            requireNonNull(level, "level");
        }

        @Override
        public String apply(String value) {
            if (value == null) {
                return null;
            }
            String text = value.strip();
            return switch (level) {
                case DATE_TO_YEAR -> year(text);
                case POSTCODE_PREFIX -> postcode(text);
                case AGE_BAND -> ageBand(text);
            };
        }

        private static String year(String text) {
            for (Pattern pattern : new Pattern[] {YEAR_FIRST, YEAR_LAST, YEAR_ONLY}) {
                Matcher matcher = pattern.matcher(text);
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
            return null;
        }

        /** UK: the outward code ("SW1A 1AA" to "SW1A"); digits (US ZIP, DE PLZ): the first 3. */
        private static String postcode(String text) {
            String upper = text.toUpperCase(Locale.ROOT);
            if (upper.matches("\\d{4,5}(-\\d{4})?")) {
                return upper.substring(0, 3);
            }
            int space = upper.indexOf(' ');
            if (space > 0) {
                return upper.substring(0, space);
            }
            return upper.length() > 3 ? upper.substring(0, upper.length() - 3) : null;
        }

        /** Ten-year bands, "30-39"; 90 and over is "90+". */
        private static String ageBand(String text) {
            int age;
            try {
                age = (int) Double.parseDouble(text);
            } catch (NumberFormatException e) {
                return null;
            }
            if (age < 0 || age > 150) {
                return null;
            }
            if (age >= 90) {
                return "90+";
            }
            int low = age / 10 * 10;
            return low + "-" + (low + 9);
        }

        @Override
        public String name() {
            return "GENERALIZE";
        }
    }
}
