package io.steward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.dqdl.Diagnostic;
import io.steward.dqdl.Dqdl;
import io.steward.dqdl.ParseResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
                "Check DQDL ruleset files: syntax, rule types, parameters, conditions, variables, labels. Each "
                        + "error is printed on stderr as FILE:LINE:COL: error: MESSAGE.",
                "",
                "Exit codes: 0 all files valid, 1 any file invalid, 2 a file cannot be read."})
final class ValidateCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Ruleset files (.dqdl).")
    List<Path> files;

    @Option(names = "--json", description = "Print each file's result and parsed ruleset as one JSON line "
            + "on stdout: {\"file\":..,\"valid\":..,\"errors\":[..],\"ruleset\":{..}}.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Read every file first: a missing file is a usage error, reported before any result.
        List<String> texts = files.stream().map(RulesetFiles::read).toList();
        boolean allValid = true;
        for (int i = 0; i < files.size(); i++) {
            String name = files.get(i).toString();
            ParseResult result = Dqdl.parse(texts.get(i));
            for (Diagnostic error : result.errors()) {
                err.println(error.format(name));
            }
            allValid &= result.isValid();
            if (json) {
                out.println(toJson(name, result));
            }
        }
        return allValid ? Steward.OK : Steward.FAILED;
    }

    private static String toJson(String file, ParseResult result) {
        ObjectNode node = JSON.createObjectNode();
        node.put("file", file);
        node.put("valid", result.isValid());
        ArrayNode errors = node.putArray("errors");
        for (Diagnostic error : result.errors()) {
            errors.addObject().put("line", error.line()).put("column", error.column()).put("message", error.message());
        }
        if (result.ruleset().isPresent()) {
            node.set("ruleset", RulesetJson.toJson(result.ruleset().get()));
        } else {
            node.putNull("ruleset");
        }
        return node.toString();
    }
}
