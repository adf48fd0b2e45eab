package io.steward.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** benchmarks/RESULTS.md holds one section per benchmark, each replaced by its own runs. */
final class Results {

    private static final String HEADER = """
            # Benchmark results

            Each section is rewritten by its benchmark (`benchmarks/run`); numbers are from the machine
            named in the section, with the baseline measured in the same run.

            """;

    private Results() {
    }

    static void replaceSection(Path file, String name, String content) throws IOException {
        String start = "<!-- " + name + ":start -->";
        String end = "<!-- " + name + ":end -->";
        String block = start + "\n" + content.strip() + "\n" + end;
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : HEADER;
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        String updated = from >= 0 && to > from
                ? text.substring(0, from) + block + text.substring(to + end.length())
                : text.stripTrailing() + "\n\n" + block + "\n";
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".RESULTS", ".tmp");
        Files.writeString(temporary, updated, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
