package io.steward.masking;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransformTest {

    private static final MaskingKey KEY = MaskingKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    @Test
    void redactNamesTheType() {
        assertThat(new Transform.Redact("EMAIL_ADDRESS").apply("jane@example.com")).isEqualTo("<EMAIL_ADDRESS>");
        assertThat(new Transform.Redact("EMAIL_ADDRESS").apply(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "LAST_4       | 4111 1111 1111 1234   | **** **** **** 1234",
            "LAST_4       | +44 20 7946 0958       | +** ** **** 0958",
            "FIRST_4      | DE89 3704 0044 0532   | DE89 **** **** ****",
            "LAST_4       | 123                    | 123",
            "EMAIL_DOMAIN | jane.doe@example.com   | ***@example.com",
            "EMAIL_DOMAIN | no-at-sign             | **-**-****"})
    void partialShowsOnlyWhatItShould(Transform.Partial.Mode mode, String value, String masked) {
        assertThat(new Transform.Partial(mode).apply(value.strip())).isEqualTo(masked.strip());
    }

    @Test
    void hashIsStandardHmacSha256() {
        // RFC 4231, test case 2: key "Jefe" is too short for a masking key, so take case 1's shape
        // with a 20-byte key of 0x0b and the data "Hi There".
        byte[] key = new byte[20];
        java.util.Arrays.fill(key, (byte) 0x0b);
        assertThat(new Transform.Hash(MaskingKey.of(key)).apply("Hi There"))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    }

    @Test
    void hashIsStableAndKeyed() {
        Transform.Hash hash = new Transform.Hash(KEY);
        assertThat(hash.apply("jane@example.com")).isEqualTo(hash.apply("jane@example.com")).hasSize(64);
        MaskingKey other = MaskingKey.of("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
        assertThat(new Transform.Hash(other).apply("jane@example.com")).isNotEqualTo(hash.apply("jane@example.com"));
    }

    @Test
    void tokenizeKeepsTheFormatAndRoundTrips() {
        Transform.Tokenize tokenize = new Transform.Tokenize(KEY);
        String card = "4111 1111 1111 1111";
        String token = tokenize.apply(card);
        assertThat(token).isNotEqualTo(card).matches("\\d{4} \\d{4} \\d{4} \\d{4}");
        assertThat(tokenize.reverse(token)).isEqualTo(card);
        assertThat(tokenize.apply(card)).isEqualTo(token);
        String phone = "+44 (20) 7946-0958";
        assertThat(tokenize.apply(phone)).matches("\\+\\d{2} \\(\\d{2}\\) \\d{4}-\\d{4}");
        assertThat(tokenize.reverse(tokenize.apply(phone))).isEqualTo(phone);
    }

    @Test
    void tokenizeSpreadsValuesOverTheDomain() {
        Transform.Tokenize tokenize = new Transform.Tokenize(KEY);
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(tokenize.apply(String.format("%06d", i)));
        }
        assertThat(tokens).hasSize(1000);
    }

    @Test
    void tokenizeRefusesValuesTooShortForFf1() {
        assertThatThrownBy(() -> new Transform.Tokenize(KEY).apply("12345"))
                .hasMessage("TOKENIZE needs at least 6 digits, found 5; use HASH or REDACT for shorter values");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DATE_TO_YEAR    | 1984-02-29  | 1984",
            "DATE_TO_YEAR    | 29/02/1984  | 1984",
            "DATE_TO_YEAR    | 1984        | 1984",
            "DATE_TO_YEAR    | yesterday   | ",
            "POSTCODE_PREFIX | SW1A 1AA    | SW1A",
            "POSTCODE_PREFIX | 94107-1234  | 941",
            "POSTCODE_PREFIX | 10115       | 101",
            "AGE_BAND        | 37          | 30-39",
            "AGE_BAND        | 94          | 90+",
            "AGE_BAND        | old         | "})
    void generalizeKeepsACoarserValueOrNothing(Transform.Generalize.Level level, String value, String expected) {
        assertThat(new Transform.Generalize(level).apply(value.strip())).isEqualTo(expected == null ? null : expected.strip());
    }

    @Test
    void nullifyLeavesNothing() {
        assertThat(new Transform.Nullify().apply("secret")).isNull();
    }

    @Test
    void keysLoadFromAFileOrTheEnvironmentAndNeverShowTheSecret(@org.junit.jupiter.api.io.TempDir Path directory)
            throws Exception {
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        String base64 = Base64.getEncoder().encodeToString(secret);
        Path file = Files.writeString(directory.resolve("masking.key"), base64 + "\n");
        MaskingKey fromFile = MaskingKey.fromFile(file);
        MaskingKey fromEnvironment = MaskingKey.fromEnvironment(Map.of(MaskingKey.ENVIRONMENT_VARIABLE, base64));
        assertThat(fromFile.id()).isEqualTo(fromEnvironment.id()).isEqualTo(KEY.id()).startsWith("k-").hasSize(14);
        assertThat(fromFile.toString()).doesNotContain(base64).doesNotContain("0123456789abcdef");
        assertThatThrownBy(() -> MaskingKey.of(new byte[8])).hasMessageContaining("at least 16 bytes");
        assertThatThrownBy(() -> MaskingKey.fromEnvironment(Map.of())).hasMessage("STEWARD_MASKING_KEY is not set");
    }
}
