package io.steward.rules;

import org.apache.spark.sql.SparkSession;

/** One local SparkSession per test JVM: a Spark test class costs seconds, a session more. */
final class TestSpark {

    private static SparkSession session;

    private TestSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSessions.create("steward-tests", "local[2]");
            session.conf().set("spark.sql.shuffle.partitions", "2");
        }
        return session;
    }
}
