package io.steward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How `steward demo` tells its story: numbered sections, each step on one line with how long it
 * took, details indented below it; and the summary it keeps beside the data (summary.json: every
 * step's seconds and the results a reader or a test checks).
 */
final class DemoReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WIDTH = 72;

    private final PrintWriter out;
    private final int sections;
    private final ObjectNode summary = JSON.createObjectNode();
    private final ArrayNode steps = summary.putArray("steps");
    private int section;
    private String sectionTitle = "";

    DemoReport(PrintWriter out, int sections) {
        this.out = out;
        this.sections = sections;
    }

    void section(String title) {
        section++;
        sectionTitle = title;
        out.printf("%n[%d/%d] %s%n", section, sections, title);
        out.flush();
    }

    /** Runs one step: its description, then its seconds on the same line (the work itself prints nothing). */
    <T> T step(String what, Supplier<T> work) {
        String shown = what.length() > WIDTH ? what.substring(0, WIDTH - 1) + "…" : what;
        out.printf("  %-" + WIDTH + "s ", shown);
        out.flush();
        long started = System.nanoTime();
        try {
            T result = work.get();
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "%6.1f s%n", seconds);
            steps.addObject().put("section", sectionTitle).put("step", what)
                    .put("seconds", Math.round(seconds * 10) / 10.0);
            return result;
        } catch (RuntimeException e) {
            out.println(" FAILED");
            out.flush();
            throw e;
        }
    }

    void step(String what, Runnable work) {
        step(what, () -> {
            work.run();
            return null;
        });
    }

    /** A detail of the step above. */
    void detail(String format, Object... args) {
        out.printf(Locale.ROOT, "      " + format + "%n", args);
        out.flush();
    }

    void line(String format, Object... args) {
        out.printf(Locale.ROOT, format + "%n", args);
        out.flush();
    }

    /** The results kept in summary.json, filled by the steps. */
    ObjectNode summary() {
        return summary;
    }

    void save(Path file) {
        AtomicOutput.writeFile(file, writer -> writer.write(summary.toPrettyString() + "\n"));
    }
}
