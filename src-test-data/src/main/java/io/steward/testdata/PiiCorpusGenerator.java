package io.steward.testdata;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import net.datafaker.Faker;
import net.datafaker.providers.base.Finance.CreditCardType;
import org.bouncycastle.crypto.digests.KeccakDigest;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The labeled PII evaluation corpus: a table whose columns hold every entity type in several
 * countries' formats, hard decoys (Luhn-valid order ids, IP-shaped versions, event dates, cities,
 * company names full of surnames, column names that lie) and a free-text column with embedded
 * spans, with the truth written beside it. Generated from a fixed seed, so the committed files
 * are reproducible: {@code PiiCorpusGeneratorTest} regenerates them and compares.
 *
 * <p>Files: {@code corpus/pii-corpus.csv} (RFC 4180, header row), {@code pii-corpus-columns.tsv}
 * (column, then the entity types the column holds, comma-separated, empty for none) and
 * {@code pii-corpus-spans.tsv} (row, column, type, start, end of every PII span in free text;
 * row 0-based, end exclusive).
 */
public final class PiiCorpusGenerator {

    public static final long SEED = 20261127L;
    public static final int ROWS = 400;
    /** A free-text column holds a type when at least this share of its non-null rows do (AWS Glue's default). */
    public static final double THRESHOLD = 0.1;

    /** A span of PII in a free-text value. */
    public record Span(int row, String column, String type, int start, int end) {
    }

    /** The generated table and its truth. */
    public record Corpus(List<String> columns, List<List<String>> rows, Map<String, List<String>> columnTypes,
                         List<Span> spans) {
    }

    private final Random random = new Random(SEED);
    private final Faker us = faker(Locale.US);
    private final Faker uk = faker(Locale.UK);
    private final Faker de = faker(Locale.GERMANY);
    private final Faker fr = faker(Locale.FRANCE);
    private final Faker it = faker(Locale.ITALY);
    private final Faker nl = faker(Locale.forLanguageTag("nl"));
    /** Swedish and Polish names are in no list the PERSON recognizer reads: they measure its recall on unknown names. */
    private final Faker sv = faker(Locale.forLanguageTag("sv"));
    private final Faker pl = faker(Locale.forLanguageTag("pl"));
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    private PiiCorpusGenerator() {
    }

    private Faker faker(Locale locale) {
        return new Faker(locale, new Random(random.nextLong()));
    }

    public static Corpus generate() {
        return new PiiCorpusGenerator().build();
    }

    /** Writes the corpus files into dir (src-test-data/corpus). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src-test-data/corpus");
        Files.createDirectories(dir);
        Corpus corpus = generate();
        Files.writeString(dir.resolve("pii-corpus.csv"), csv(corpus));
        Files.writeString(dir.resolve("pii-corpus-columns.tsv"), columnsTsv(corpus));
        Files.writeString(dir.resolve("pii-corpus-spans.tsv"), spansTsv(corpus));
    }

    private Corpus build() {
        Map<String, Column> columns = new LinkedHashMap<>();
        // Personal data, one column per type and format.
        columns.put("full_name", column("PERSON", 0.0, () -> us.name().firstName() + " " + us.name().lastName()));
        columns.put("kunde_name", column("PERSON", 0.1, () -> de.name().firstName() + " " + de.name().lastName()));
        columns.put("nom_client", column("PERSON", 0.0, () -> fr.name().lastName() + ", " + fr.name().firstName()));
        columns.put("first_name", column("PERSON", 0.0, () -> it.name().firstName()));
        columns.put("contact_person", column("PERSON", 0.0, () -> random.nextBoolean()
                ? sv.name().firstName() + " " + sv.name().lastName() : pl.name().firstName() + " " + pl.name().lastName()));
        columns.put("email", column("EMAIL_ADDRESS", 0.2, () -> us.internet().emailAddress()));
        columns.put("reference", column("EMAIL_ADDRESS", 0.0, () -> de.internet().emailAddress()));
        columns.put("phone", column("PHONE_NUMBER", 0.1, () -> validPhone(us, "US")));
        columns.put("telefon", column("PHONE_NUMBER", 0.0, () -> validPhone(de, "DE")));
        columns.put("mobile_uk", column("PHONE_NUMBER", 0.0, () -> validPhone(uk, "GB")));
        columns.put("tel_intl", column("PHONE_NUMBER", 0.0, () -> international(validPhone(fr, "FR"), "FR")));
        columns.put("card_number", column("CREDIT_CARD", 0.0, () -> us.finance().creditCard(
                List.of(CreditCardType.VISA, CreditCardType.MASTERCARD, CreditCardType.AMERICAN_EXPRESS,
                        CreditCardType.DISCOVER).get(random.nextInt(4)))));
        columns.put("iban", column("IBAN_CODE", 0.0, () -> us.finance().iban(
                List.of("DE", "FR", "GB", "NL", "ES", "IT").get(random.nextInt(6)))));
        columns.put("ssn", column("US_SSN", 0.0, () -> us.idNumber().ssnValid()));
        columns.put("nhs_number", column("UK_NHS", 0.0, this::nhsNumber));
        columns.put("ni_number", column("UK_NINO", 0.0, this::nino));
        columns.put("client_ip", column("IP_ADDRESS", 0.0, () -> random.nextInt(4) == 0
                ? us.internet().ipV6Address() : us.internet().ipV4Address()));
        columns.put("device_mac", column("MAC_ADDRESS", 0.0, () -> us.internet().macAddress()));
        columns.put("website", column("URL", 0.3, () -> us.internet().url()));
        columns.put("date_of_birth", column("DATE_OF_BIRTH", 0.0, () -> birthday().toString()));
        columns.put("geburtsdatum", column("DATE_OF_BIRTH", 0.0, () -> String.format(Locale.ROOT, "%1$td.%1$tm.%1$tY",
                birthday())));
        columns.put("street_address", column("LOCATION", 0.0, () -> us.address().streetAddress()));
        columns.put("adresse", column("LOCATION", 0.0, () -> de.address().streetAddress()));
        columns.put("adresse_fr", column("LOCATION", 0.0, () -> fr.address().streetAddress() + ", "
                + fr.address().zipCode() + " " + fr.address().city()));
        columns.put("shipping_address", column("LOCATION", 0.0, () -> us.address().fullAddress()));
        columns.put("passport_number", column("US_PASSPORT", 0.0, () -> random.nextBoolean()
                ? (char) ('A' + random.nextInt(26)) + digits(8) : (1 + random.nextInt(9)) + digits(8)));
        columns.put("driver_license", column("US_DRIVER_LICENSE", 0.0, () -> (char) ('A' + random.nextInt(26)) + digits(7)));
        columns.put("btc_wallet", column("CRYPTO", 0.0, this::bitcoinAddress));
        columns.put("eth_wallet", column("CRYPTO", 0.0, this::ethereumAddress));
        columns.put("account_number", column("US_BANK_NUMBER", 0.0, () -> (1 + random.nextInt(9)) + digits(
                7 + random.nextInt(9))));
        columns.put("dea_number", column("MEDICAL_LICENSE", 0.0, this::deaNumber));
        // Decoys: no personal data, but shaped like it or named like it.
        columns.put("order_id", column(null, 0.0, this::luhnValidOrderId));
        columns.put("app_version", column(null, 0.0, () -> random.nextInt(12) + "." + random.nextInt(30) + "."
                + random.nextInt(10) + "." + random.nextInt(200)));
        columns.put("created_at", column(null, 0.0, () -> LocalDate.of(2023, 1, 1).plusDays(random.nextInt(1000))
                + " " + String.format(Locale.ROOT, "%02d:%02d:%02d", random.nextInt(24), random.nextInt(60),
                random.nextInt(60))));
        columns.put("event_date", column(null, 0.0, () -> LocalDate.of(2020, 1, 1).plusDays(random.nextInt(2000))
                .toString()));
        columns.put("city", column(null, 0.0, () -> List.of(us, de, fr, it).get(random.nextInt(4)).address().city()));
        columns.put("company", column(null, 0.0, () -> us.company().name()));
        columns.put("product_name", column(null, 0.0, () -> us.commerce().productName()));
        columns.put("phone_ext", column(null, 0.0, () -> String.valueOf(100 + random.nextInt(9900))));
        columns.put("ssn_hash", column(null, 0.0, () -> sha256Hex(us.idNumber().ssnValid())));
        columns.put("quantity", column(null, 0.0, () -> String.valueOf(1 + random.nextInt(50))));
        columns.put("amount", column(null, 0.0, () -> String.format(Locale.ROOT, "%.2f", random.nextDouble() * 5000)));
        columns.put("sku", column(null, 0.0, () -> "SKU-" + digits(6)));
        columns.put("tracking_number", column(null, 0.0, () -> "1Z" + digits(16)));
        columns.put("middle_name", column(null, 1.0, () -> ""));

        List<String> names = new ArrayList<>(columns.keySet());
        names.add("notes");
        List<List<String>> rows = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        for (int row = 0; row < ROWS; row++) {
            List<String> values = new ArrayList<>();
            for (Column column : columns.values()) {
                values.add(random.nextDouble() < column.nullShare() ? null : column.values().get());
            }
            values.add(note(row, spans));
            rows.add(values);
        }
        Map<String, List<String>> types = new LinkedHashMap<>();
        columns.forEach((name, column) -> types.put(name, column.type() == null ? List.of() : List.of(column.type())));
        types.put("notes", freeTextTypes(spans, rows, names.indexOf("notes")));
        return new Corpus(names, rows, types, spans);
    }

    private record Column(String type, double nullShare, Supplier<String> values) {
    }

    private static Column column(String type, double nullShare, Supplier<String> values) {
        return new Column(type, nullShare, values);
    }

    /** A support note; most embed PII, some only things shaped like it. */
    private String note(int row, List<Span> spans) {
        Note note = new Note(row, "notes");
        switch (random.nextInt(9)) {
            case 0 -> note.text("Customer ").pii("PERSON", us.name().firstName() + " " + us.name().lastName())
                    .text(" asked to be called on ").pii("PHONE_NUMBER", international(validPhone(us, "US"), "US"))
                    .text(".");
            case 1 -> note.text("Please send the invoice to ").pii("EMAIL_ADDRESS", us.internet().emailAddress())
                    .text(" by Friday.");
            case 2 -> note.text("Refund to card ").pii("CREDIT_CARD", us.finance().creditCard(CreditCardType.VISA))
                    .text(" approved by ").pii("PERSON", de.name().firstName() + " " + de.name().lastName()).text(".");
            case 3 -> note.text("Moved to ").pii("LOCATION", us.address().streetAddress())
                    .text(", update the shipping records.");
            case 4 -> note.text("Order ").text(luhnValidOrderId()).text(" shipped on ")
                    .text(LocalDate.of(2024, 1, 1).plusDays(random.nextInt(300)).toString()).text(", build ")
                    .text(random.nextInt(5) + "." + random.nextInt(20) + "." + random.nextInt(10) + "." + random.nextInt(99))
                    .text(".");
            case 5 -> note.text("No answer, try again tomorrow.");
            case 6 -> note.text("Spoke with ").pii("PERSON", fr.name().firstName() + " " + fr.name().lastName())
                    .text(", new number ").pii("PHONE_NUMBER", validPhone(uk, "GB")).text(", mail ")
                    .pii("EMAIL_ADDRESS", uk.internet().emailAddress()).text(".");
            case 7 -> note.text("Login from ").pii("IP_ADDRESS", us.internet().ipV4Address()).text(" flagged.");
            default -> note.text("Paid ").text(String.format(Locale.ROOT, "%.2f", random.nextDouble() * 900))
                    .text(" EUR, ticket ").text(digits(6)).text(".");
        }
        spans.addAll(note.spans);
        return note.text.toString();
    }

    /** A free-text value built piece by piece, recording where each PII span lands. */
    private static final class Note {
        private final int row;
        private final String column;
        private final StringBuilder text = new StringBuilder();
        private final List<Span> spans = new ArrayList<>();

        Note(int row, String column) {
            this.row = row;
            this.column = column;
        }

        Note text(String plain) {
            text.append(plain);
            return this;
        }

        Note pii(String type, String value) {
            spans.add(new Span(row, column, type, text.length(), text.length() + value.length()));
            text.append(value);
            return this;
        }
    }

    private static List<String> freeTextTypes(List<Span> spans, List<List<String>> rows, int column) {
        long nonNull = rows.stream().filter(r -> r.get(column) != null && !r.get(column).isBlank()).count();
        Map<String, Long> rowsByType = new TreeMap<>();
        spans.stream().map(s -> s.type() + "\t" + s.row()).distinct()
                .forEach(key -> rowsByType.merge(key.substring(0, key.indexOf('\t')), 1L, Long::sum));
        return rowsByType.entrySet().stream().filter(e -> (double) e.getValue() / nonNull >= THRESHOLD)
                .map(Map.Entry::getKey).toList();
    }

    /**
     * A phone number in the faker's national format that is also a number in service: fakers
     * draw area codes at random, and a number no region assigns is not anyone's phone number.
     */
    private String validPhone(Faker faker, String region) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            String candidate = faker.phoneNumber().phoneNumber();
            try {
                if (phones.isValidNumberForRegion(phones.parse(candidate, region), region)) {
                    return candidate;
                }
            } catch (NumberParseException e) {
                // drawn again
            }
        }
        throw new IllegalStateException("no valid " + region + " phone number in 1000 draws");
    }

    private String international(String national, String region) {
        try {
            return phones.format(phones.parse(national, region), PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL);
        } catch (NumberParseException e) {
            throw new IllegalStateException("a validated number parses", e);
        }
    }

    private LocalDate birthday() {
        return LocalDate.of(1940, 1, 1).plusDays(random.nextInt(365 * 65));
    }

    private String digits(int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    /** Ten digits whose last is the mod-11 check digit, drawn again when the check would be 10. */
    private String nhsNumber() {
        while (true) {
            String body = digits(9);
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (body.charAt(i) - '0') * (10 - i);
            }
            int check = 11 - sum % 11;
            if (check == 11) {
                check = 0;
            }
            if (check != 10) {
                String number = body + check;
                return number.substring(0, 3) + " " + number.substring(3, 6) + " " + number.substring(6);
            }
        }
    }

    /** A National Insurance number with an issued prefix: neither letter D, F, I, Q, U or V, second not O. */
    private String nino() {
        String first = "ABCEGHJKLMNPRSTWXYZ";
        String second = "ABCEGHJKLMNPRSTWXYZ";
        while (true) {
            String prefix = "" + first.charAt(random.nextInt(first.length())) + second.charAt(random.nextInt(second.length()));
            if (!List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(prefix)) {
                return prefix + " " + digits(2) + " " + digits(2) + " " + digits(2) + " " + "ABCD".charAt(random.nextInt(4));
            }
        }
    }

    /** A DEA registration number: two letters, six digits and their check digit. */
    private String deaNumber() {
        String letters = "" + "ABFGMPRX".charAt(random.nextInt(8)) + (char) ('A' + random.nextInt(26));
        String body = digits(6);
        int[] d = body.chars().map(c -> c - '0').toArray();
        int check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10;
        return letters + body + check;
    }

    /** Sixteen digits starting like a Visa card, with a valid Luhn check digit: an order number, not a card. */
    private String luhnValidOrderId() {
        String body = "4" + digits(14);
        for (int check = 0; check < 10; check++) {
            String number = body + check;
            int sum = 0;
            for (int i = 0; i < 16; i++) {
                int digit = number.charAt(15 - i) - '0';
                if (i % 2 == 1) {
                    digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
                }
                sum += digit;
            }
            if (sum % 10 == 0) {
                return number;
            }
        }
        throw new IllegalStateException("one of ten check digits always fits");
    }

    /** A pay-to-pubkey-hash Bitcoin address: version 0, 20 random bytes, a double SHA-256 checksum, Base58. */
    private String bitcoinAddress() {
        byte[] payload = new byte[21];
        random.nextBytes(payload);
        payload[0] = 0;
        byte[] checksum = sha256(sha256(payload));
        byte[] full = Arrays.copyOf(payload, 25);
        System.arraycopy(checksum, 0, full, 21, 4);
        String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        StringBuilder encoded = new StringBuilder();
        BigInteger value = new BigInteger(1, full);
        BigInteger base = BigInteger.valueOf(58);
        while (value.signum() > 0) {
            BigInteger[] division = value.divideAndRemainder(base);
            encoded.append(alphabet.charAt(division[1].intValue()));
            value = division[0];
        }
        for (int i = 0; i < full.length && full[i] == 0; i++) {
            encoded.append('1');
        }
        return encoded.reverse().toString();
    }

    /** An Ethereum address with its EIP-55 mixed-case checksum. */
    private String ethereumAddress() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        String hex = HexFormat.of().formatHex(bytes);
        KeccakDigest keccak = new KeccakDigest(256);
        byte[] ascii = hex.getBytes(StandardCharsets.US_ASCII);
        keccak.update(ascii, 0, ascii.length);
        byte[] hash = new byte[32];
        keccak.doFinal(hash, 0);
        StringBuilder address = new StringBuilder("0x");
        for (int i = 0; i < hex.length(); i++) {
            int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
            address.append(nibble >= 8 ? Character.toUpperCase(hex.charAt(i)) : hex.charAt(i));
        }
        return address.toString();
    }

    private static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    static String csv(Corpus corpus) {
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", corpus.columns())).append('\n');
        for (List<String> row : corpus.rows()) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                String value = row.get(i);
                if (value != null) {
                    // Empty strings are quoted so that a reader tells them from NULL.
                    boolean quote = value.isEmpty() || value.contains(",") || value.contains("\"") || value.contains("\n");
                    out.append(quote ? '"' + value.replace("\"", "\"\"") + '"' : value);
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String columnsTsv(Corpus corpus) {
        StringBuilder out = new StringBuilder("# column\ttypes (comma-separated; empty: no personal data)\n");
        corpus.columnTypes().forEach((column, types) -> out.append(column).append('\t')
                .append(String.join(",", types)).append('\n'));
        return out.toString();
    }

    static String spansTsv(Corpus corpus) {
        StringBuilder out = new StringBuilder("# row\tcolumn\ttype\tstart\tend (row 0-based, end exclusive)\n");
        for (Span span : corpus.spans()) {
            out.append(span.row()).append('\t').append(span.column()).append('\t').append(span.type()).append('\t')
                    .append(span.start()).append('\t').append(span.end()).append('\n');
        }
        return out.toString();
    }
}
