package io.steward.benchmarks;

import io.steward.masking.MaskingKey;
import io.steward.masking.Transform;
import io.steward.pii.Context;
import io.steward.pii.PatternRecognizer;
import io.steward.pii.PiiAnalyzer;
import io.steward.pii.Recognizer;
import io.steward.pii.Recognizers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PII scanning and masking throughput on one core (one thread), in cells per second: Steward's
 * analyzer against a plain regex-only pass (the same patterns, no validation, context or phone
 * parsing) over the same cells; HMAC hashing and FF1 tokenization. Writes its section of
 * benchmarks/RESULTS.md.
 */
public final class PiiBenchmark {

    private static final int CELLS = 200_000;
    private static final int SAMPLES = 5;

    private PiiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> cells = cells(new Random(20261127));
        List<Pattern> patterns = new ArrayList<>();
        for (Recognizer recognizer : Recognizers.all()) {
            if (recognizer instanceof PatternRecognizer pattern) {
                pattern.patterns().forEach(p -> patterns.add(p.regex()));
            }
        }
        PiiAnalyzer analyzer = PiiAnalyzer.standard();
        PiiAnalyzer patternsOnly = new PiiAnalyzer(Recognizers.all().stream()
                .filter(r -> r instanceof PatternRecognizer).toList());
        Context context = Context.column("value");
        long[] sink = new long[1];

        double regex = rate(cells, cell -> {
            for (Pattern pattern : patterns) {
                Matcher matcher = pattern.matcher(cell);
                while (matcher.find()) {
                    sink[0]++;
                }
            }
        });
        double patternTypes = rate(cells, cell -> sink[0] += patternsOnly.analyze(cell, context, 0.4).size());
        double all = rate(cells, cell -> sink[0] += analyzer.analyze(cell, context, 0.4).size());
        MaskingKey key = MaskingKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        Transform hash = new Transform.Hash(key);
        Transform tokenize = new Transform.Tokenize(key);
        List<String> cards = cells.stream().filter(c -> c.chars().filter(Character::isDigit).count() >= 6).toList();
        double hmac = rate(cells, cell -> sink[0] += hash.apply(cell).length());
        double ff1 = rate(cards, cell -> sink[0] += tokenize.apply(cell).length());

        String report = String.format(Locale.ROOT, """
                ## PII scanning and masking throughput (one thread)

                Run %s with `benchmarks/run pii` on %s. %,d generated cells (emails, phones, card numbers, IBANs, \
                IP addresses, dates, names, order numbers and free text, fixed seed), median of %d passes after \
                two warm-up passes, in cells per second on one core.

                | pass | cells/s | time vs regex-only |
                |---|---:|---:|
                | regex-only (the same patterns, no validation or context) | %,.0f | 1.00x |
                | Steward, pattern types (validators and context; not phone, person or location) | %,.0f | %.2fx |
                | Steward, all recognizers (with libphonenumber and the name and street lists) | %,.0f | %.2fx |
                | HMAC-SHA256 (HASH) | %,.0f | |
                | FF1 (TOKENIZE), %,d cells with 6+ digits | %,.0f | |

                Steward checks each cell's shape once (digit count, longest digit run, marks such as '@') and runs \
                only the recognizers whose matches that shape allows; the regex-only pass runs every pattern on \
                every cell. Phone numbers go to libphonenumber only as candidate runs of digits, once for numbers \
                written with their country code and once per region otherwise.

                Targets: pattern types at least 500,000 cells/s per core and within 1.5x of regex-only; HMAC at \
                least 1,000,000 cells/s; FF1 at least 200,000 cells/s.
                """, LocalDate.now(), DqdlParserBenchmark.Machine.describe(), CELLS, SAMPLES, regex, patternTypes,
                regex / patternTypes, all, regex / all, hmac, cards.size(), ff1);
        System.out.println(report);
        System.out.println("(checksum " + sink[0] + ")");
        Results.replaceSection(Path.of("benchmarks/RESULTS.md").toAbsolutePath(), "pii", report);
    }

    private static double rate(List<String> cells, Consumer<String> work) {
        double[] rates = new double[SAMPLES];
        for (int round = -2; round < SAMPLES; round++) {
            long start = System.nanoTime();
            for (String cell : cells) {
                work.accept(cell);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round >= 0) {
                rates[round] = cells.size() / seconds;
            }
        }
        Arrays.sort(rates);
        return rates[SAMPLES / 2];
    }

    private static List<String> cells(Random random) {
        String[] names = {"Jane Doe", "John Smith", "Ana Garcia", "Li Wei", "Omar Haddad", "Emma Müller"};
        String[] words = {"delivered", "pending", "refund requested", "VIP", "call back", "no answer", "paid"};
        List<String> cells = new ArrayList<>(CELLS);
        for (int i = 0; i < CELLS; i++) {
            cells.add(switch (i % 10) {
                case 0 -> "user" + random.nextInt(100_000) + "@example.com";
                case 1 -> String.format("+44 20 79%02d %04d", random.nextInt(100), random.nextInt(10_000));
                case 2 -> "4111 1111 1111 1111";
                case 3 -> "DE89 3704 0044 0532 0130 00";
                case 4 -> random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                        + random.nextInt(256);
                case 5 -> String.format("19%02d-%02d-%02d", 40 + random.nextInt(60), 1 + random.nextInt(12),
                        1 + random.nextInt(28));
                case 6 -> names[random.nextInt(names.length)];
                case 7 -> "ORD-" + (100_000_000 + random.nextInt(900_000_000));
                case 8 -> words[random.nextInt(words.length)] + " " + random.nextInt(1000);
                default -> "Customer " + names[random.nextInt(names.length)] + " asked to be called on +1 415 555 "
                        + (1000 + random.nextInt(9000)) + " about order " + random.nextInt(100_000);
            });
        }
        return cells;
    }
}
