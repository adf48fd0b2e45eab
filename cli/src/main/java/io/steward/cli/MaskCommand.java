package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.masking.MaskingKey;
import io.steward.masking.MaskingPlan;
import io.steward.masking.MaskingPolicy;
import io.steward.pii.EntityType;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(
        name = "mask",
        mixinStandardHelpOptions = true,
        description = {
                "Write a masked copy of a dataset. A policy maps columns, or entity types found by a scan, to "
                        + "transforms; --auto scans first and masks every tagged column with its type's default. In "
                        + "free text only the PII spans are masked. The output folder appears only when complete, "
                        + "with a sidecar (" + MaskJob.SIDECAR + ") saying which columns were masked how and with which key.",
                "",
                "Transforms: REDACT, PARTIAL[:LAST_4|FIRST_4|EMAIL_DOMAIN], HASH (keyed HMAC-SHA256), TOKENIZE (FF1, "
                        + "reversible with the key), NULLIFY, GENERALIZE:DATE_TO_YEAR|POSTCODE_PREFIX|AGE_BAND; SPANS "
                        + "masks the PII inside a free-text column.",
                "Policy file (JSON): {\"columns\": {\"email\": \"HASH\", \"notes\": \"SPANS\"}, "
                        + "\"types\": {\"PHONE_NUMBER\": \"PARTIAL:LAST_4\"}, \"auto\": false}",
                "",
                "Exit codes: 0 written, 2 usage or input error."})
final class MaskCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the masked copy goes (must not exist).")
    Path out;

    @Option(names = "--out-format", paramLabel = "FORMAT",
            description = "csv, parquet or jsonl (default: the input's format; json input is written as jsonl).")
    String outFormat;

    @ArgGroup(exclusive = true, multiplicity = "1")
    PolicyChoice policyChoice;

    static final class PolicyChoice {
        @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The masking policy (JSON).")
        Path file;

        @Option(names = "--auto", required = true,
                description = "Scan first and mask every tagged column with its type's default transform.")
        boolean auto;
    }

    @Option(names = "--key-file", paramLabel = "FILE", description = "The masking key for HASH and TOKENIZE: base64 on "
            + "the first line (default: the " + MaskingKey.ENVIRONMENT_VARIABLE + " environment variable).")
    Path keyFile;

    @Mixin
    ScanOptions scan;

    @Option(names = "--json", description = "Print the sidecar (which columns were masked how) as JSON.")
    boolean json;

    @Option(names = "--server", paramLabel = "URL", description = "Send the job's lineage (OpenLineage, with the "
            + "columns masked) to this policy service (needs `steward login`); OPENLINEAGE_URL works too.")
    String server;

    @Override
    public Integer call() {
        scan.validate();
        DataFiles.Format inFormat = input.resolvedFormat();
        DataFiles.Format writeFormat = outFormat != null ? DataFiles.format(out, outFormat)
                : inFormat == DataFiles.Format.JSON ? DataFiles.Format.JSONL : inFormat;
        if (writeFormat == DataFiles.Format.JSON) {
            throw new InputException("--out-format json: Spark writes one document per line; use jsonl");
        }
        if (Files.exists(out)) {
            throw new InputException(out + ": already exists; Steward never overwrites output");
        }
        MaskingPolicy policy = policyChoice.auto ? MaskingPolicy.automatic() : readPolicy(policyChoice.file);
        Optional<MaskingKey> key = DataOptions.maskingKey(keyFile);
        Progress progress = new Progress(spec.commandLine().getErr());
        JobLineage lineage = JobLineage.to(server, "mask", spec.commandLine().getErr());
        try {
            MaskJob.Written written = lineage.run(input.data, () -> new MaskJob(input.data, inFormat, out, writeFormat,
                    policy, key, scan, input.master, lineage).run(progress), done -> new JobLineage.Report(
                    List.of(JobLineage.file(input.data)), List.of(JobLineage.masked(input.data, out, done.columns(),
                    done.plan(), done.keyId()))));
            progress.done();
            print(spec.commandLine().getOut(), written);
            return Steward.OK;
        } finally {
            progress.done();
        }
    }


    /** Reads {"columns": {COLUMN: SPEC}, "types": {TYPE: SPEC}, "auto": BOOLEAN}; errors name the file and field. */
    static MaskingPolicy readPolicy(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException(file + ": not a readable JSON policy: " + CheckCommand.firstLine(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file + ": a policy is a JSON object with \"columns\", \"types\" and \"auto\"");
        }
        for (Iterator<String> fields = root.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!field.equals("columns") && !field.equals("types") && !field.equals("auto")) {
                throw new InputException(file + ": unknown field \"" + field + "\" (use columns, types, auto)");
            }
        }
        Map<String, String> columns = new LinkedHashMap<>();
        textFields(file, root, "columns").forEach(columns::put);
        Map<EntityType, String> types = new EnumMap<>(EntityType.class);
        textFields(file, root, "types").forEach((name, spec) -> {
            try {
                types.put(EntityType.valueOf(name.toUpperCase(Locale.ROOT)), spec);
            } catch (IllegalArgumentException e) {
                throw new InputException(file + ": types." + name + ": unknown entity type (use one of "
                        + java.util.Arrays.toString(EntityType.values()) + ")", e);
            }
        });
        JsonNode auto = root.path("auto");
        if (!auto.isMissingNode() && !auto.isBoolean()) {
            throw new InputException(file + ": \"auto\" must be true or false");
        }
        return new MaskingPolicy(columns, types, auto.asBoolean(false));
    }

    private static Map<String, String> textFields(Path file, JsonNode root, String field) {
        JsonNode node = root.path(field);
        Map<String, String> values = new LinkedHashMap<>();
        if (node.isMissingNode()) {
            return values;
        }
        if (!node.isObject()) {
            throw new InputException(file + ": \"" + field + "\" must be an object of names to transforms");
        }
        node.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual()) {
                throw new InputException(file + ": " + field + "." + entry.getKey() + ": the transform must be a string");
            }
            values.put(entry.getKey(), entry.getValue().asText());
        });
        return values;
    }

    private void print(PrintWriter printer, MaskJob.Written written) {
        if (json) {
            printer.println(written.sidecar());
            return;
        }
        int width = Math.max(6, written.plan().stream().mapToInt(m -> m.column().length()).max().orElse(6));
        printer.printf("%-" + width + "s  %-24s %s%n", "COLUMN", "MASK", "WHY");
        for (MaskingPlan.ColumnMask mask : written.plan()) {
            printer.printf("%-" + width + "s  %-24s %s%n", mask.column(), mask.describe(), mask.reason());
        }
        printer.printf(Locale.ROOT, "%nmasked %d of %d columns, %d rows written to %s%s%n", written.plan().size(),
                written.columns().size(), written.rows(), out, written.keyId().map(id -> " (key " + id + ")").orElse(""));
    }
}
