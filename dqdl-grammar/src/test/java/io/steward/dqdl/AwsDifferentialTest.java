package io.steward.dqdl;

import org.junit.jupiter.api.Test;
import software.amazon.glue.dqdl.exception.InvalidDataQualityRulesetException;
import software.amazon.glue.dqdl.parser.DQDLParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs AWS's reference parser (software.amazon.glue:dqdl 1.0.0) and ours on the same corpus
 * and lists every disagreement. Each one must be explained in {@link AwsDisagreements}; an
 * unexplained disagreement, or an explanation that no longer applies, fails the test. The full
 * report is written to target/aws-differential.md.
 */
class AwsDifferentialTest {

    enum Verdict { VALID, INVALID, CRASH }

    record Outcome(Verdict verdict, String detail) {
    }

    @Test
    void everyDisagreementWithAwsIsExplained() throws IOException {
        Map<String, String> corpus = corpus();
        Map<String, String> unexplained = new TreeMap<>();
        StringBuilder report = new StringBuilder("# Differential test: Steward vs software.amazon.glue:dqdl 1.0.0\n\n");
        int disagreements = 0;
        for (Map.Entry<String, String> entry : corpus.entrySet()) {
            String input = entry.getKey();
            Outcome ours = ours(input);
            Outcome aws = aws(input);
            if (ours.verdict() == aws.verdict()) {
                continue;
            }
            disagreements++;
            String label = entry.getValue();
            String reason = AwsDisagreements.REASONS.get(label);
            if (reason == null) {
                unexplained.put(label, "ours: " + ours + "\n  aws: " + aws);
            }
            report.append("## ").append(label.contains("\n") ? "(multi-line input)" : label).append("\n\n```\n").append(input).append("\n```\n\n")
                    .append("- Steward: ").append(ours.verdict()).append(ours.detail().isEmpty() ? "" : " — " + ours.detail())
                    .append("\n- AWS: ").append(aws.verdict()).append(aws.detail().isEmpty() ? "" : " — " + aws.detail())
                    .append("\n- Why Steward is right: ").append(reason == null ? "UNEXPLAINED" : reason).append("\n\n");
        }
        report.insert(report.indexOf("\n\n") + 2, corpus.size() + " inputs, " + disagreements + " disagreements.\n\n");
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("aws-differential.md"), report, StandardCharsets.UTF_8);

        assertThat(unexplained).as("disagreements with AWS's parser that AwsDisagreements does not explain").isEmpty();
        List<String> stale = new ArrayList<>();
        Map<String, String> byLabel = new LinkedHashMap<>();
        corpus.forEach((input, label) -> byLabel.put(label, input));
        for (String label : AwsDisagreements.REASONS.keySet()) {
            String input = byLabel.get(label);
            if (input == null || ours(input).verdict() == aws(input).verdict()) {
                stale.add(label);
            }
        }
        assertThat(stale).as("explanations for disagreements that no longer happen").isEmpty();
    }

    /** Input text to its label: the file it came from, or the input itself. */
    private static Map<String, String> corpus() {
        Map<String, String> corpus = new LinkedHashMap<>();
        ValidExamples.ALL.forEach(dqdl -> corpus.put(dqdl, dqdl));
        RoundTripTest.ExampleRulesets.valid().forEach(f -> corpus.put(RoundTripTest.ExampleRulesets.read(f),
                "src-test-data/rulesets/" + f.getFileName()));
        RoundTripTest.ExampleRulesets.invalid().forEach(f -> corpus.put(RoundTripTest.ExampleRulesets.read(f),
                "src-test-data/rulesets/invalid/" + f.getFileName()));
        InvalidRulesetsTest.invalidRulesets().forEach(a -> corpus.put((String) a.get()[0], (String) a.get()[0]));
        AwsDisagreements.PROBES.forEach(dqdl -> corpus.putIfAbsent(dqdl, dqdl));
        return corpus;
    }

    private static Outcome ours(String input) {
        ParseResult result = Dqdl.parse(input);
        return result.isValid() ? new Outcome(Verdict.VALID, "")
                : new Outcome(Verdict.INVALID, result.errors().get(0).toString());
    }

    private static Outcome aws(String input) {
        try {
            new DQDLParser().parse(input);
            return new Outcome(Verdict.VALID, "");
        } catch (InvalidDataQualityRulesetException e) {
            return new Outcome(Verdict.INVALID, String.valueOf(e.getMessage()).replace('\n', ' '));
        } catch (RuntimeException | StackOverflowError e) {
            return new Outcome(Verdict.CRASH, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
