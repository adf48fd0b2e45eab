package io.steward.rules;

/** The result of one rule, as AWS Glue Data Quality reports it, plus ERROR for rules that could not run. */
public enum Outcome {
    PASS, FAIL, ERROR
}
