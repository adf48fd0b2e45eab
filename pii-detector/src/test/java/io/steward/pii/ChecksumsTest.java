package io.steward.pii;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ChecksumsTest {

    @ParameterizedTest
    @CsvSource({"4111111111111111,true", "4111111111111112,false", "79927398713,false", "378282246310005,true",
            "6011111111111117,true", "5500 0000 0000 0004,true", "1234567812345678,false"})
    void luhn(String number, boolean valid) {
        assertThat(Checksums.luhn(number)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({"DE89370400440532013000,true", "GB82WEST12345698765432,true", "FR1420041010050500013M02606,true",
            "NL91ABNA0417164300,true", "DE89370400440532013001,false", "DE8937040044053201300,false",
            "XX89370400440532013000,false"})
    void iban(String iban, boolean valid) {
        assertThat(Checksums.iban(iban)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({"9434765919,true", "9434765918,false", "4010232137,true", "123456789,false"})
    void nhs(String number, boolean valid) {
        assertThat(Checksums.nhs(number)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({"536-22-1234,true", "000-22-1234,false", "536-00-1234,false", "536-22-0000,false",
            "111-11-1111,false", "078-05-1120,false", "899-99-9999,true", "900-12-3456,false"})
    void usSsn(String ssn, boolean valid) {
        assertThat(Checksums.usSsn(ssn)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({"AB123456C,true", "QQ123456C,false", "GB123456A,false", "AO123456A,false", "NT123456A,false"})
    void nino(String nino, boolean valid) {
        assertThat(Checksums.nino(nino)).isEqualTo(valid);
    }
}
