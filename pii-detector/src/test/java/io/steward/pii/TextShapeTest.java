package io.steward.pii;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The census recognizers use to skip texts their patterns cannot match. */
class TextShapeTest {

    @Test
    void countsDigitsLettersAndMarks() {
        TextShape shape = TextShape.of("Call +44 20 7946 0958, jane@example.com");
        assertThat(shape.digits()).isEqualTo(12);
        assertThat(shape.longestDigitRun()).isEqualTo(4);
        assertThat(shape.upperCase()).isEqualTo(1);
        assertThat(shape.dots()).isEqualTo(1);
        assertThat(shape.has('@')).isTrue();
        assertThat(shape.has('+')).isTrue();
        assertThat(shape.has('#')).isFalse();
    }

    @Test
    void knowsTheLengthsOfItsDigitRuns() {
        TextShape shape = TextShape.of("415 555 1234 and 123456789");
        assertThat(shape.hasDigitRun(3)).isTrue();
        assertThat(shape.hasDigitRun(4)).isTrue();
        assertThat(shape.hasDigitRun(9)).isTrue();
        assertThat(shape.hasDigitRun(2)).isFalse();
        assertThat(shape.hasDigitRunBetween(5, 8)).isFalse();
        assertThat(shape.hasDigitRunBetween(8, 17)).isTrue();
        assertThat(TextShape.of("1234").hasDigitRun(4)).as("a run at the very end").isTrue();
        assertThat(TextShape.of("no digits").hasDigitRunBetween(1, 30)).isFalse();
    }

    /** A prerequisite that refused a text its patterns match would lose findings silently. */
    @Test
    void noRecognizerSkipsATextItWouldMatch() {
        String[] texts = {"536-22-1234", "536 22 1234", "536221234", "943 476 5919", "9434765919", "AB 12 34 56 C",
                "AB123456C", "A91234563", "AB1234563", "A1234567", "12ABC12345", "A123-456-78-901-0", "912345678",
                "X12345678", "12345678901234567", "4111111111111111", "4111 1111 1111 1111", "3782 822463 10005",
                "1984-02-29", "29.02.1984", "1/2/1984", "192.168.1.20", "00:1A:2B:3C:4D:5E", "00-1A-2B-3C-4D-5E",
                "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "https://example.com", "www.example.com",
                "jane.doe@example.com", "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432",
                "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "0x52908400098527886E0F7030069857D2E4169EE7",
                "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"};
        for (Recognizer recognizer : Recognizers.all()) {
            for (String text : texts) {
                if (!recognizer.analyze(text, Context.column("value")).isEmpty()) {
                    assertThat(recognizer.mayMatch(TextShape.of(text))).as(recognizer.name() + " on " + text).isTrue();
                }
            }
        }
    }
}
