package io.steward.rules;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The small orders table the rule tests share; expected values in the tests are worked out from it. */
final class TestData {

    private static Dataset<Row> orders;

    private TestData() {
    }

    /** Six orders: a NULL customer (5), a NULL status (6), a NULL email (3), one bad email (4). */
    static synchronized Dataset<Row> orders() {
        if (orders == null) {
            orders = TestSpark.session().sql("""
                    SELECT * FROM VALUES
                      (1, 'c1', 'NEW',       10.0D, 'a@x.com',   TIMESTAMP '2026-11-26 10:00:00'),
                      (2, 'c2', 'PAID',      20.0D, 'b@x.com',   TIMESTAMP '2026-11-25 10:00:00'),
                      (3, 'c3', 'PAID',      30.0D, NULL,        TIMESTAMP '2026-11-20 10:00:00'),
                      (4, 'c3', 'SHIPPED',   40.0D, 'bad-email', TIMESTAMP '2026-11-26 12:00:00'),
                      (5, NULL, 'CANCELLED', 50.0D, 'e@x.com',   TIMESTAMP '2026-11-26 23:00:00'),
                      (6, 'c6', NULL,        60.0D, 'f@x.com',   TIMESTAMP '2026-11-27 00:00:00')
                    AS orders(id, customer, status, amount, email, created_at)
                    """).cache();
        }
        return orders;
    }
}
