package io.steward.rules;

import org.apache.spark.sql.SparkSession;

/** The Spark session Steward's jobs use: local by default, UTC, quiet, no web UI. */
public final class SparkSessions {

    private SparkSessions() {
    }

    /**
     * @param master "local[*]" for this machine, or a cluster URL (--master); under spark-submit
     *               the master it was given wins
     */
    public static SparkSession create(String appName, String master) {
        SparkSession.Builder builder = SparkSession.builder()
                .appName(appName)
                .config("spark.ui.enabled", "false")
                // Timestamps in rules (now(), dates) are UTC; so is the session.
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.driver.host", System.getenv().getOrDefault("SPARK_LOCAL_IP", "127.0.0.1"))
                .config("spark.sql.adaptive.enabled", "true");
        if (!SparkSession.getActiveSession().isDefined() && System.getProperty("spark.master") == null) {
            builder.master(master);
        }
        // Log levels come from the application's log4j2 configuration, not from here.
        return builder.getOrCreate();
    }
}
