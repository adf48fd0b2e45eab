package io.steward.cli;

import io.steward.pii.spark.SparkPiiScan;
import picocli.CommandLine.Option;

/** How a PII scan samples and tags: the options of `pii scan`, and of `mask` when it scans first. */
final class ScanOptions {

    @Option(names = "--sample-fraction", paramLabel = "F", defaultValue = "1.0",
            description = "Share of rows to sample (default: ${DEFAULT-VALUE}).")
    double sampleFraction;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "10000",
            description = "At most this many rows are scanned (default: ${DEFAULT-VALUE}).")
    int maxRows;

    @Option(names = "--threshold", paramLabel = "T", defaultValue = "0.1",
            description = "Share of non-null values that tags a column (default: ${DEFAULT-VALUE}, as AWS Glue).")
    double threshold;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Sampling seed.")
    long seed;

    SparkPiiScan.Sampling sampling() {
        return new SparkPiiScan.Sampling(sampleFraction, maxRows, seed);
    }

    /** Checks the values; a bad one is an input error naming the option. */
    void validate() {
        if (sampleFraction <= 0 || sampleFraction > 1) {
            throw new InputException("--sample-fraction is a share of rows in (0, 1], found " + sampleFraction);
        }
        if (threshold <= 0 || threshold > 1) {
            throw new InputException("--threshold is a share of values in (0, 1], found " + threshold);
        }
        if (maxRows < 1) {
            throw new InputException("--max-rows must be at least 1");
        }
    }
}
