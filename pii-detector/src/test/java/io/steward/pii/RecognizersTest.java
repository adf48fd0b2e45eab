package io.steward.pii;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each recognizer finds its type in real-shaped values and rejects the near misses. */
class RecognizersTest {

    private static final PiiAnalyzer ANALYZER = PiiAnalyzer.standard();
    private static final double THRESHOLD = 0.4;

    private static List<Finding> find(String text) {
        return ANALYZER.analyze(text, Context.NONE, THRESHOLD);
    }

    @ParameterizedTest(name = "{1} in \"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "write to jane.doe@example.co.uk today          | EMAIL_ADDRESS | jane.doe@example.co.uk",
            "card 4111 1111 1111 1111                       | CREDIT_CARD   | 4111 1111 1111 1111",
            "5500-0000-0000-0004                            | CREDIT_CARD   | 5500-0000-0000-0004",
            "amex 378282246310005                           | CREDIT_CARD   | 378282246310005",
            "amex 3782 822463 10005                         | CREDIT_CARD   | 3782 822463 10005",
            "IBAN DE89 3704 0044 0532 0130 00               | IBAN_CODE     | DE89 3704 0044 0532 0130 00",
            "GB82WEST12345698765432                         | IBAN_CODE     | GB82WEST12345698765432",
            "ssn 536-22-1234                                | US_SSN        | 536-22-1234",
            "NHS number 943 476 5919                        | UK_NHS        | 943 476 5919",
            "NI AB 12 34 56 C                               | UK_NINO       | AB 12 34 56 C",
            "from 192.168.1.20 at noon                      | IP_ADDRESS    | 192.168.1.20",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334        | IP_ADDRESS    | 2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            "device 00:1A:2B:3C:4D:5E                       | MAC_ADDRESS   | 00:1A:2B:3C:4D:5E",
            "see https://example.com/orders?id=7            | URL           | https://example.com/orders?id=7",
            "call +44 20 7946 0958 tomorrow                 | PHONE_NUMBER  | +44 20 7946 0958",
            "phone: 415-555-2671                            | PHONE_NUMBER  | 415-555-2671",
            "Tel. +49 30 901820                             | PHONE_NUMBER  | +49 30 901820",
            "prescriber DEA AB1234563                       | MEDICAL_LICENSE | AB1234563",
            "wallet 1BoatSLRHtKNngkdXEeobR76b53LETtpyT      | CRYPTO        | 1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
            "eth 0x52908400098527886E0F7030069857D2E4169EE7 | CRYPTO        | 0x52908400098527886E0F7030069857D2E4169EE7",
            "dob 1984-02-29                                 | DATE_OF_BIRTH | 1984-02-29",
            "born 29.02.1984                                | DATE_OF_BIRTH | 29.02.1984",
            "passport 912345678                             | US_PASSPORT   | 912345678",
            "bank account 12345678901                       | US_BANK_NUMBER | 12345678901",
            "driver license A1234567                        | US_DRIVER_LICENSE | A1234567",
            "eth 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed | CRYPTO        | 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "Customer Jane Doe called                       | PERSON        | Jane Doe",
            "signed: Doe, Jane                              | PERSON        | Doe, Jane",
            "Dr. Hans Müller                                | PERSON        | Dr. Hans Müller",
            "ship to 6281 Kohler Branch, Apt. 123           | LOCATION      | 6281 Kohler Branch",
            "Hauptstraße 5, 10115 Berlin                    | LOCATION      | Hauptstraße 5",
            "12 rue de la Paix, 75002 Paris                 | LOCATION      | 12 rue de la Paix",
            "Via Roma 3                                     | LOCATION      | Via Roma 3"})
    void findsTheType(String text, EntityType type, String span) {
        List<Finding> findings = find(text.strip());
        assertThat(findings).as(findings.toString()).anySatisfy(f -> {
            assertThat(f.type()).isEqualTo(type);
            assertThat(text.strip().substring(f.start(), f.end())).isEqualTo(span.strip());
        });
    }

    /** (Some of these are other valid things: 666-12-3456 is a Spanish phone number.) */
    @ParameterizedTest(name = "no {1} in \"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "4111 1111 1111 1112                 | CREDIT_CARD   | Luhn fails",
            "DE89 3704 0044 0532 0130 01         | IBAN_CODE     | mod 97 fails",
            "XX89 3704 0044 0532 0130 00         | IBAN_CODE     | unknown country",
            "000-12-3456                         | US_SSN        | SSN area 000",
            "666-12-3456                         | US_SSN        | SSN area 666",
            "923-45-6789                         | US_SSN        | SSN area 9xx",
            "123-45-6789                         | US_SSN        | the famous fake SSN",
            "943 476 5918                        | UK_NHS        | NHS check digit fails",
            "new number 016977 2209              | UK_NHS        | a UK phone number grouped 6-4 that passes mod 11",
            "BG 12 34 56 C                       | UK_NINO       | NINO prefix BG is never issued",
            "DA 12 34 56 C                       | UK_NINO       | NINO first letter D is never issued",
            "256.1.1.1                           | IP_ADDRESS    | not an IPv4 address",
            "version 1.2.3.4                     | IP_ADDRESS    | a version string",
            "00:1A:2B:3C:4D                      | MAC_ADDRESS   | five MAC groups",
            "jane..doe@example.com               | EMAIL_ADDRESS | double dot",
            "jane@-example.com                   | EMAIL_ADDRESS | label starts with a hyphen",
            "2026-11-27                          | PHONE_NUMBER  | a date is not a phone",
            "v2.10.3                             | PHONE_NUMBER  | a version is not a phone",
            "192.168.1.20                        | PHONE_NUMBER  | an IP address is not a phone",
            "774.260000                          | PHONE_NUMBER  | a decimal amount is not a phone",
            "order 4000123456                    | PHONE_NUMBER  | an order number is not a phone",
            "AB1234564                           | MEDICAL_LICENSE | DEA check digit fails",
            "1BoatSLRHtKNngkdXEeobR76b53LETtpyX  | CRYPTO        | Base58Check fails",
            "dob 1983-02-29                      | DATE_OF_BIRTH | no such date",
            "dob 2999-01-01                      | DATE_OF_BIRTH | not yet born",
            "created 2024-05-01                  | DATE_OF_BIRTH | an event date is not a birth date",
            "912345678                           | US_PASSPORT   | nine digits alone are not a passport",
            "12345678901                         | US_BANK_NUMBER | digits alone are not an account",
            "A1234567                            | US_DRIVER_LICENSE | a code alone is not a license",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD | CRYPTO   | EIP-55 checksum fails",
            "Thank You                           | PERSON        | capitalized words are not a name",
            "Grace                               | PERSON        | a first name alone, without a column saying name",
            "Berlin                              | LOCATION      | a city is not an address",
            "Via Roma                            | LOCATION      | a street without a house number"})
    void rejectsNearMisses(String text, EntityType type, String why) {
        assertThat(find(text.strip())).as(why).noneMatch(f -> f.type() == type);
    }

    @Test
    void contextInTheColumnNameRaisesTheScore() {
        Finding bare = Recognizers.ukNhs().analyze("943 476 5919", Context.NONE).get(0);
        Finding named = Recognizers.ukNhs().analyze("943 476 5919", Context.column("patientNhsNumber")).get(0);
        assertThat(bare.score()).isEqualTo(0.5);
        assertThat(named.score()).isEqualTo(0.85);
        assertThat(named.explanation().context()).containsExactly("patient", "nhs");
        assertThat(named.explanation().describe())
                .isEqualTo("UkNhsRecognizer: pattern 'nhs' (0.5), context patient, nhs (+0.35)");
    }

    @Test
    void opposingContextLowersTheScore() {
        Finding finding = Recognizers.ipAddress().analyze("1.2.3.4", Context.column("app_version")).get(0);
        assertThat(finding.type()).isEqualTo(EntityType.IP_ADDRESS);
        assertThat(finding.score()).isCloseTo(0.25, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(finding.explanation().context()).containsExactly("-version");
    }

    @Test
    void aValidatedMatchIsCertainAndExplained() {
        Finding card = find("card 4111 1111 1111 1111").get(0);
        assertThat(card.score()).isEqualTo(1.0);
        assertThat(card.explanation().validated()).contains(true);
        assertThat(card.explanation().describe()).startsWith("CreditCardRecognizer: pattern 'cards' (0.3), validated");
    }

    @Test
    void aChecksumDoesNotOutweighAColumnThatSaysOtherwise() {
        // Order numbers are often issued with a Luhn check digit.
        assertThat(ANALYZER.analyze("4111111111111111", Context.column("order_id"), THRESHOLD))
                .noneMatch(f -> f.type() == EntityType.CREDIT_CARD);
        assertThat(ANALYZER.analyze("4111111111111111", Context.column("card_number"), THRESHOLD))
                .anyMatch(f -> f.type() == EntityType.CREDIT_CARD && f.score() == 1.0);
    }

    @Test
    void aColumnSayingNameMakesOneKnownNameEnough() {
        assertThat(ANALYZER.analyze("Aaron", Context.column("first_name"), THRESHOLD))
                .extracting(Finding::type).containsExactly(EntityType.PERSON);
        assertThat(ANALYZER.analyze("Grace Hopper Edition", Context.column("product_name"), THRESHOLD))
                .noneMatch(f -> f.type() == EntityType.PERSON);
    }

    @Test
    void overlappingFindingsKeepTheMostCertain() {
        List<Finding> findings = find("4111111111111111");
        assertThat(findings).extracting(Finding::type).containsExactly(EntityType.CREDIT_CARD);
    }

    @Test
    void findsSeveralSpansInFreeText() {
        String text = "Contact jane@example.com or +1 415 555 2671 about card 4111 1111 1111 1111.";
        assertThat(find(text)).extracting(Finding::type).containsExactly(EntityType.EMAIL_ADDRESS,
                EntityType.PHONE_NUMBER, EntityType.CREDIT_CARD);
    }
}
