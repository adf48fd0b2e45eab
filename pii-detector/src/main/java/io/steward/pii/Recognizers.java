package io.steward.pii;

import java.util.List;

import static io.steward.pii.PatternRecognizer.NamedPattern.of;

/**
 * The built-in recognizers. Scores follow Presidio's conventions: a bare pattern is weak
 * evidence (0.05 to 0.5, by how distinctive its shape is), a passed validator makes a match
 * certain, and context words move the score by 0.35.
 */
public final class Recognizers {

    private Recognizers() {
    }

    public static Recognizer email() {
        return new PatternRecognizer("EmailRecognizer", EntityType.EMAIL_ADDRESS, List.of(
                of("email", "\\b[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,24}\\b", 0.5)),
                match -> Validator.of(Checksums.email(match)),
                ContextWords.supporting("email", "mail"),
                shape -> shape.has('@') && shape.dots() > 0);
    }

    public static Recognizer creditCard() {
        return new PatternRecognizer("CreditCardRecognizer", EntityType.CREDIT_CARD, List.of(
                // Visa, Mastercard, Amex, Discover, Diners, JCB, in groups or in one run.
                of("cards", "\\b(?:4\\d{3}|5[1-5]\\d{2}|2[2-7]\\d{2}|6011|65\\d{2}|3[47]\\d{2}|3[068]\\d{2}|35\\d{2})"
                        + "(?:[ -]?\\d{4}){2}[ -]?\\d{1,4}(?:[ -]?\\d{3})?\\b", 0.3),
                // American Express as printed: 4, 6 and 5 digits.
                of("amex", "\\b3[47]\\d{2}[ -]\\d{6}[ -]\\d{5}\\b", 0.3)),
                match -> Validator.of(Checksums.luhn(match)),
                ContextWords.supporting("card", "credit", "visa", "mastercard", "amex", "cc", "pan")
                        .opposing("order", "invoice", "tracking", "sku"),
                shape -> shape.digits() >= 13 && shape.longestDigitRun() >= 4);
    }

    public static Recognizer iban() {
        return new PatternRecognizer("IbanRecognizer", EntityType.IBAN_CODE, List.of(
                of("iban", "\\b[A-Z]{2}\\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\\b", 0.5)),
                match -> Validator.of(Checksums.iban(match)),
                ContextWords.supporting("iban", "bank", "account", "transfer"),
                shape -> shape.length() >= 12 && shape.upperCase() >= 2 && shape.digits() >= 2);
    }

    public static Recognizer usSsn() {
        return new PatternRecognizer("UsSsnRecognizer", EntityType.US_SSN, List.of(
                of("ssn dashed", "\\b\\d{3}-\\d{2}-\\d{4}\\b", 0.5),
                of("ssn spaced", "\\b\\d{3} \\d{2} \\d{4}\\b", 0.2),
                of("ssn plain", "\\b\\d{9}\\b", 0.05)),
                match -> Checksums.usSsn(match) ? Validator.Verdict.UNKNOWN : Validator.Verdict.INVALID,
                ContextWords.supporting("ssn", "social", "security", "ss", "tin"),
                shape -> shape.hasDigitRun(9) || shape.hasDigitRun(3) && shape.hasDigitRun(2) && shape.hasDigitRun(4));
    }

    public static Recognizer ukNhs() {
        return new PatternRecognizer("UkNhsRecognizer", EntityType.UK_NHS, List.of(
                // 3-3-4 with the same separator twice (or none): "016977 2209" is a phone number.
                of("nhs", "\\b\\d{3}([ -]?)\\d{3}\\1\\d{4}\\b", 0.5)),
                match -> Checksums.nhs(match) ? Validator.Verdict.UNKNOWN : Validator.Verdict.INVALID,
                ContextWords.supporting("nhs", "health", "patient", "nhsnumber"),
                shape -> shape.hasDigitRun(10) || shape.hasDigitRun(3) && shape.hasDigitRun(4));
    }

    public static Recognizer ukNino() {
        return new PatternRecognizer("UkNinoRecognizer", EntityType.UK_NINO, List.of(
                of("nino", "\\b[A-CEGHJ-PR-TW-Za-ceghj-pr-tw-z]{2} ?\\d{2} ?\\d{2} ?\\d{2} ?[A-Da-d]\\b", 0.5)),
                match -> Checksums.nino(match) ? Validator.Verdict.UNKNOWN : Validator.Verdict.INVALID,
                ContextWords.supporting("nino", "national", "insurance", "ni"),
                shape -> shape.letters() >= 3 && (shape.hasDigitRun(2) || shape.hasDigitRun(6)));
    }

    public static Recognizer ipAddress() {
        return new PatternRecognizer("IpRecognizer", EntityType.IP_ADDRESS, List.of(
                of("ipv4", "\\b(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\b", 0.6),
                of("ipv6", "(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![0-9A-Fa-f:])", 0.6)),
                Validator.NONE,
                ContextWords.supporting("ip", "address", "host", "client", "remote")
                        .opposing("version", "v", "release", "build"),
                shape -> shape.dots() >= 3 && shape.digits() >= 4 || shape.colons() >= 7);
    }

    public static Recognizer macAddress() {
        return new PatternRecognizer("MacRecognizer", EntityType.MAC_ADDRESS, List.of(
                of("mac", "\\b[0-9A-Fa-f]{2}(?:([:-])[0-9A-Fa-f]{2})(?:\\1[0-9A-Fa-f]{2}){4}\\b", 0.6)),
                Validator.NONE,
                ContextWords.supporting("mac", "device", "hardware", "ethernet", "wifi"),
                shape -> shape.length() >= 17 && (shape.colons() >= 5 || shape.has('-')));
    }

    public static Recognizer url() {
        return new PatternRecognizer("UrlRecognizer", EntityType.URL, List.of(
                of("url", "\\bhttps?://[^\\s/$.?#][^\\s\"<>]*", 0.6),
                of("www", "\\bwww\\.[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+[^\\s\"<>]*", 0.5)),
                Validator.NONE,
                ContextWords.supporting("url", "website", "link", "homepage"),
                shape -> shape.letters() >= 4 && (shape.dots() > 0 || shape.colons() > 0));
    }

    /** DEA numbers, whose check digit makes them the one medical license with a validator. */
    public static Recognizer medicalLicense() {
        return new PatternRecognizer("MedicalLicenseRecognizer", EntityType.MEDICAL_LICENSE, List.of(
                of("dea", "\\b[A-Za-z][A-Za-z9]\\d{7}\\b", 0.4)),
                match -> Validator.of(Checksums.dea(match)),
                ContextWords.supporting("dea", "license", "licence", "prescriber", "medical", "physician"),
                shape -> shape.hasDigitRunBetween(7, 8) && shape.letters() >= 1); // 8 when the 2nd character is 9
    }

    /** Bitcoin (Base58Check validated, or bech32 by shape) and Ethereum addresses (EIP-55 validated when mixed-case). */
    public static Recognizer crypto() {
        return new PatternRecognizer("CryptoRecognizer", EntityType.CRYPTO, List.of(
                of("bitcoin base58", "\\b[13][a-km-zA-HJ-NP-Z1-9]{25,34}\\b", 0.5),
                of("bitcoin bech32", "\\bbc1[ac-hj-np-z02-9]{11,71}\\b", 0.5),
                of("ethereum", "\\b0x[0-9a-fA-F]{40}\\b", 0.5)),
                match -> match.startsWith("0x") ? Checksums.eip55(match)
                        : match.startsWith("1") || match.startsWith("3") ? Validator.of(Checksums.base58Check(match))
                        : Validator.Verdict.UNKNOWN,
                ContextWords.supporting("wallet", "bitcoin", "btc", "eth", "ethereum", "crypto", "address"),
                shape -> shape.length() >= 26 && shape.letters() + shape.digits() >= 26);
    }

    /** Dates, which only context makes birth dates: "dob", "birth", "born". */
    public static Recognizer dateOfBirth() {
        return new PatternRecognizer("DateOfBirthRecognizer", EntityType.DATE_OF_BIRTH, List.of(
                of("iso date", "\\b(?:19|20)\\d{2}-\\d{2}-\\d{2}\\b", 0.1),
                of("day month year", "\\b\\d{1,2}[/.]\\d{1,2}[/.](?:19|20)\\d{2}\\b", 0.1)),
                match -> Checksums.birthDate(match) ? Validator.Verdict.UNKNOWN : Validator.Verdict.INVALID,
                ContextWords.supporting("dob", "birth", "born", "birthday", "geburtsdatum")
                        .opposing("order", "created", "updated", "shipped", "event", "timestamp"),
                shape -> shape.digits() >= 6 && shape.longestDigitRun() >= 4
                        && (shape.has('-') || shape.has('/') || shape.dots() >= 2));
    }

    /** US passport numbers: weak by shape, certain only with context. */
    public static Recognizer usPassport() {
        return new PatternRecognizer("UsPassportRecognizer", EntityType.US_PASSPORT, List.of(
                of("passport", "\\b(?:[A-Z]\\d{8}|\\d{9})\\b", 0.05)),
                Validator.NONE,
                ContextWords.supporting("passport", "travel"),
                shape -> shape.hasDigitRun(9) || shape.upperCase() > 0 && shape.hasDigitRun(8));
    }

    /** US bank account numbers: 8 to 17 digits, weak by shape, certain only with context. */
    public static Recognizer usBankNumber() {
        return new PatternRecognizer("UsBankNumberRecognizer", EntityType.US_BANK_NUMBER, List.of(
                of("account", "\\b\\d{8,17}\\b", 0.05)),
                Validator.NONE,
                ContextWords.supporting("account", "acct", "bank", "checking", "savings", "routing"),
                shape -> shape.hasDigitRunBetween(8, 17));
    }

    /**
     * US driver's licenses: each state has its own format (a letter and 7 digits in California,
     * 7 to 9 digits in many states), so the shape is weak evidence and context decides.
     */
    public static Recognizer usDriverLicense() {
        return new PatternRecognizer("UsDriverLicenseRecognizer", EntityType.US_DRIVER_LICENSE, List.of(
                of("letters and digits", "\\b(?:[A-Z]{1,2}\\d{4,14}|\\d{2}[A-Z]{3}\\d{5,6}"
                        + "|[A-Z]\\d{3}-\\d{3,4}-\\d{2,4}(?:-\\d{3}-\\d)?)\\b", 0.3),
                of("digits", "\\b\\d{7,9}\\b", 0.01)),
                Validator.NONE,
                ContextWords.supporting("driver", "driving", "license", "licence", "dl", "dmv", "permit"),
                shape -> shape.upperCase() > 0 && shape.hasDigitRunBetween(3, 14) || shape.hasDigitRunBetween(7, 9));
    }

    /** Every built-in recognizer. */
    public static List<Recognizer> all() {
        return List.of(email(), creditCard(), iban(), usSsn(), ukNhs(), ukNino(), ipAddress(), macAddress(), url(),
                new PhoneRecognizer(), medicalLicense(), crypto(), dateOfBirth(), usPassport(), usBankNumber(),
                usDriverLicense(), new PersonRecognizer(), new LocationRecognizer());
    }
}
