package io.steward.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options of every command that reads a dataset with Spark. */
final class DataOptions {

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "The dataset: a file or a folder.")
    Path data;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "csv (with a header row), parquet, json (one document per file) or jsonl (one per line); "
                    + "default: from the name.")
    String format;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master (default: ${DEFAULT-VALUE}, this machine).")
    String master;

    /** The masking key of --key-file, or of STEWARD_MASKING_KEY; a bad one is an input error. */
    static java.util.Optional<io.steward.masking.MaskingKey> maskingKey(Path keyFile) {
        try {
            return io.steward.masking.MaskingKey.configured(keyFile, System.getenv());
        } catch (java.io.IOException e) {
            throw new InputException(keyFile + ": cannot read the masking key: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    /** The data's format, from --format or the file name. */
    DataFiles.Format resolvedFormat() {
        return DataFiles.format(data, format);
    }
}
