package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The command-line contract of DESIGN.md: output formats and exit codes 0 / 1 / 2. */
class StewardCommandLineTest {

    @TempDir
    Path directory;

    record Run(int exitCode, String out, String err) {
    }

    private static Run steward(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Steward.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void validateExitsZeroAndStaysQuietWhenEveryFileIsValid() throws IOException {
        Path a = file("a.dqdl", "Rules = [ RowCount > 0 ]");
        Path b = file("b.dqdl", "Rules = [ IsComplete \"id\" ]");
        Run run = steward("validate", a.toString(), b.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void validatePrintsEachErrorAsFileLineColumnAndExitsOne() throws IOException {
        Path good = file("good.dqdl", "Rules = [ RowCount > 0 ]");
        Path bad = file("bad.dqdl", "Rules = [\n    RowCnt > 0,\n    IsUnique \"a\" with threshold > 0.5\n]\n");
        Run run = steward("validate", good.toString(), bad.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly(
                bad + ":2:5: error: unknown rule type 'RowCnt', did you mean 'RowCount'?",
                bad + ":3:18: error: 'with threshold' is not allowed on IsUnique");
    }

    @Test
    void validateExitsTwoOnAMissingFileBeforeCheckingAnything() throws IOException {
        Path bad = file("bad.dqdl", "Rules = [ RowCnt > 0 ]");
        Run run = steward("validate", bad.toString(), directory.resolve("missing.dqdl").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("steward validate: " + directory.resolve("missing.dqdl") + ": no such file\n");
    }

    @Test
    void validateRejectsFilesThatAreNotUtf8() throws IOException {
        Path latin1 = Files.write(directory.resolve("latin1.dqdl"), new byte[] {'R', (byte) 0xE9});
        Run run = steward("validate", latin1.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("not UTF-8 text");
    }

    @Test
    void validateWithoutFilesIsAUsageError() {
        Run run = steward("validate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter: 'FILE'");
    }

    @Test
    void validateJsonPrintsTheParsedRuleset() throws IOException {
        Path file = file("r.dqdl", "codes = [\"A\"]\nRules = [ ColumnValues \"c\" in $codes with threshold > 0.9,"
                + " (RowCount > 0) or (IsComplete \"id\") ]\nAnalyzers = [ Mean \"x\" ]");
        Run run = steward("validate", "--json", file.toString());
        assertThat(run.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("file").asText()).isEqualTo(file.toString());
        assertThat(json.get("valid").asBoolean()).isTrue();
        JsonNode first = json.at("/ruleset/rules/0");
        assertThat(first.get("type").asText()).isEqualTo("ColumnValues");
        assertThat(first.get("line").asInt()).isEqualTo(2);
        assertThat(first.at("/condition/kind").asText()).isEqualTo("in");
        assertThat(first.at("/condition/values/name").asText()).isEqualTo("codes");
        assertThat(first.at("/tags/threshold/operand/value").decimalValue()).isEqualByComparingTo("0.9");
        assertThat(json.at("/ruleset/rules/1/kind").asText()).isEqualTo("or");
        assertThat(json.at("/ruleset/variables/codes/items/0/value").asText()).isEqualTo("A");
        assertThat(json.at("/ruleset/analyzers/0/type").asText()).isEqualTo("Mean");
    }

    @Test
    void validateJsonReportsErrorsOfAnInvalidFile() throws IOException {
        Path file = file("r.dqdl", "Rules = [ RowCount > ]");
        Run run = steward("validate", "--json", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.at("/errors/0/column").asInt()).isEqualTo(22);
        assertThat(json.get("ruleset").isNull()).isTrue();
    }

    @Test
    void fmtPrintsTheCanonicalFormWhichIsStable() throws IOException {
        Path file = file("r.dqdl", "Rules=[RowCount>0,#rows\nIsComplete \"a\" and IsUnique \"a\"]");
        Run run = steward("fmt", file.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("Rules = [\n    RowCount > 0, # rows\n    (IsComplete \"a\") and (IsUnique \"a\")\n]\n");
        Path formatted = file("formatted.dqdl", run.out());
        assertThat(steward("fmt", formatted.toString()).out()).isEqualTo(run.out());
    }

    @Test
    void fmtOfAnInvalidFilePrintsErrorsAndNoOutput() throws IOException {
        Path file = file("r.dqdl", "Rules = [ RowCnt > 0 ]");
        Run run = steward("fmt", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith(file + ":1:11: error: unknown rule type 'RowCnt'");
    }

    @Test
    void fmtWriteReplacesTheFileAndLeavesNothingElseBehind() throws IOException {
        Path file = file("r.dqdl", "Rules=[RowCount>0]");
        Run run = steward("fmt", "--write", file.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("Rules = [\n    RowCount > 0\n]\n");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void fmtWriteNeverTouchesAnInvalidFile() throws IOException {
        String broken = "Rules = [ RowCount > ";
        Path file = file("r.dqdl", broken);
        assertThat(steward("fmt", "-w", file.toString()).exitCode()).isEqualTo(1);
        assertThat(Files.readString(file)).isEqualTo(broken);
    }

    @Test
    void helpListsEveryCommand() {
        Run run = steward("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("validate", "fmt", "check", "pii", "demo", "help");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "fmt", "check", "demo"})
    void helpExplainsEachCommand(String command) {
        Run run = steward("help", command);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: steward " + command);
        assertThat(steward(command, "--help").out()).isEqualTo(run.out());
    }

    @Test
    void unknownCommandIsAUsageError() {
        Run run = steward("frobnicate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument at index 0: 'frobnicate'");
    }
}
