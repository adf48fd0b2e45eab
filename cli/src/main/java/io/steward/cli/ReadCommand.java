package io.steward.cli;

import io.steward.masking.MaskingKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(
        name = "read",
        mixinStandardHelpOptions = true,
        description = {
                "Read a cataloged dataset as the policy service allows you: your access decision is applied before "
                        + "any row is written (denied columns left out, or an error if you asked for one; masked "
                        + "columns masked; only the rows the row filter grants). Needs `steward login` first.",
                "",
                "Exit codes: 0 written, 2 usage error, refused or denied."})
final class ReadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The policy service.")
    String server;

    @Option(names = "--dataset", required = true, paramLabel = "NAMESPACE:NAME",
            description = "The dataset as the catalog names it, e.g. s3://lake:sales.orders.")
    String dataset;

    @Option(names = "--columns", split = ",", paramLabel = "COLUMN", description = "Only these columns (default: all you may see).")
    List<String> columns = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the rows go (must not exist).")
    Path out;

    @Option(names = "--out-format", paramLabel = "FORMAT", defaultValue = "parquet",
            description = "parquet, csv or jsonl (default: ${DEFAULT-VALUE}).")
    String outFormat;

    @Option(names = "--key-file", paramLabel = "FILE", description = "The masking key for HASH and TOKENIZE masks "
            + "(default: the " + MaskingKey.ENVIRONMENT_VARIABLE + " environment variable).")
    Path keyFile;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).")
    String master;

    @Override
    public Integer call() {
        DataFiles.Format format = DataFiles.format(out, outFormat);
        if (format == DataFiles.Format.JSON) {
            throw new InputException("--out-format json: Spark writes one document per line; use jsonl");
        }
        if (Files.exists(out)) {
            throw new InputException(out + ": already exists; Steward never overwrites output");
        }
        Progress progress = new Progress(spec.commandLine().getErr());
        try {
            ReadJob.Written written = new ReadJob(server, dataset, columns, out, format,
                    DataOptions.maskingKey(keyFile), master).run(progress);
            progress.done();
            spec.commandLine().getOut().printf("%d rows of %s written to %s: %s%n", written.rows(), dataset, out,
                    written.summary());
            return Steward.OK;
        } finally {
            progress.done();
        }
    }

}
