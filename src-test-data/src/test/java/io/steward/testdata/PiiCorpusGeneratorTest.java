package io.steward.testdata;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed corpus is exactly what the generator makes from its seed, so it can be regenerated and reviewed. */
class PiiCorpusGeneratorTest {

    private static final Path CORPUS = Path.of(System.getProperty("steward.test-data", "."), "corpus");

    @Test
    void theCommittedCorpusIsWhatTheSeedGenerates() throws IOException {
        PiiCorpusGenerator.Corpus corpus = PiiCorpusGenerator.generate();
        assertThat(Files.readString(CORPUS.resolve("pii-corpus.csv"))).isEqualTo(PiiCorpusGenerator.csv(corpus));
        assertThat(Files.readString(CORPUS.resolve("pii-corpus-columns.tsv")))
                .isEqualTo(PiiCorpusGenerator.columnsTsv(corpus));
        assertThat(Files.readString(CORPUS.resolve("pii-corpus-spans.tsv"))).isEqualTo(PiiCorpusGenerator.spansTsv(corpus));
    }

    @Test
    void spansPointAtTheTextTheyLabel() {
        PiiCorpusGenerator.Corpus corpus = PiiCorpusGenerator.generate();
        int notes = corpus.columns().indexOf("notes");
        assertThat(corpus.spans()).isNotEmpty().allSatisfy(span -> {
            String text = corpus.rows().get(span.row()).get(notes);
            assertThat(span.end()).isLessThanOrEqualTo(text.length());
            assertThat(text.substring(span.start(), span.end())).isNotBlank().doesNotStartWith(" ").doesNotEndWith(" ");
        });
    }

    @Test
    void everyEntityTypeOfTheContractHasAColumn() {
        assertThat(PiiCorpusGenerator.generate().columnTypes().values().stream().flatMap(java.util.List::stream).distinct())
                .containsExactlyInAnyOrder("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE",
                        "US_SSN", "IP_ADDRESS", "DATE_OF_BIRTH", "LOCATION", "US_PASSPORT", "US_DRIVER_LICENSE",
                        "UK_NINO", "UK_NHS", "MAC_ADDRESS", "URL", "CRYPTO", "US_BANK_NUMBER", "MEDICAL_LICENSE");
    }
}
