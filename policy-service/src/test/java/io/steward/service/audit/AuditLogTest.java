package io.steward.service.audit;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.nullValue;

/**
 * Every change is audited, and the chain of hashes shows any entry edited or deleted afterwards.
 * The test that tampers puts every entry back as it was, so the tests run in any order.
 */
@QuarkusTest
class AuditLogTest {

    @Inject
    Pool database;

    @Inject
    AuditLog audit;

    private static long change() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("namespace", "s3://lake", "name", "audited_" + UUID.randomUUID()))
                .post("/api/v1/datasets").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private long lastEntry() {
        return database.query("select max(id) from audit_entry").execute().await().indefinitely()
                .iterator().next().getLong(0);
    }

    @Test
    @TestSecurity(user = "sam", roles = {"data-steward", "compliance-officer"})
    void changesAreAuditedAndTheChainVerifies() {
        change();
        change();
        given().get("/api/v1/audit").then().statusCode(200)
                .body("[0].actor", equalTo("sam"), "[0].action", equalTo("dataset.register"));
        // Filtered: by actor, by an action's prefix, by target; an unknown actor has no entries.
        java.util.List<String> targets = given().queryParam("actor", "sam").queryParam("action", "dataset.")
                .get("/api/v1/audit").then().statusCode(200).extract().jsonPath().getList("target", String.class);
        assertThat(targets).hasSizeGreaterThanOrEqualTo(2);
        given().queryParam("target", targets.get(0)).get("/api/v1/audit").then().statusCode(200)
                .body("target", org.hamcrest.Matchers.everyItem(equalTo(targets.get(0))));
        given().queryParam("actor", "nobody-" + System.nanoTime()).get("/api/v1/audit").then().statusCode(200)
                .body("size()", equalTo(0));
        given().get("/api/v1/audit/verify").then().statusCode(200)
                .body("reason", nullValue(), "intact", equalTo(true), "entries", greaterThan(1));
    }

    /** What the access decisions of one second do: many entries appended at once, chained in id order. */
    @Test
    @RunOnVertxContext
    void manyEntriesAppendedAtOnceFollowEachOther(UniAsserter asserter) {
        List<AuditLog.Pending> entries = IntStream.range(0, 50).mapToObj(i -> new AuditLog.Pending("job", "test.batch",
                "dataset:" + i, null, Map.of("count", i))).toList();
        asserter.assertThat(() -> Panache.withTransaction(() -> audit.appendAll(entries))
                        .flatMap(v -> Panache.withSession(() -> audit.verify())),
                verification -> assertThat(verification.intact()).as(verification.reason().orElse("")).isTrue());
    }

    @Test
    @TestSecurity(user = "ann", roles = "analyst")
    void onlyAuditorsReadTheTrail() {
        given().get("/api/v1/audit").then().statusCode(403);
        given().get("/api/v1/audit/verify").then().statusCode(403);
    }

    @Test
    void anonymousCallersCannotVerify() {
        given().get("/api/v1/audit/verify").then().statusCode(401);
    }

    /**
     * The entries picked here need not be the test's own: the decisions of the last second (other
     * test classes make some) are appended by a scheduled flush at any moment. So the edited
     * entry's actor is put back as it was, not as "sam", and the entry after the deleted one is
     * looked up rather than assumed to be the next id.
     */
    @Test
    @TestSecurity(user = "sam", roles = {"data-steward", "compliance-officer"})
    void anEditedOrDeletedEntryIsFound() {
        change();
        long edited = lastEntry();
        String actor = database.preparedQuery("select actor from audit_entry where id = $1").execute(Tuple.of(edited))
                .await().indefinitely().iterator().next().getString(0);
        change();
        change();
        long deleted = lastEntry();
        change();
        long next = database.preparedQuery("select min(id) from audit_entry where id > $1").execute(Tuple.of(deleted))
                .await().indefinitely().iterator().next().getLong(0);
        given().get("/api/v1/audit/verify").then().body("intact", equalTo(true));

        database.query("update audit_entry set actor = 'mallory' where id = " + edited).execute().await().indefinitely();
        given().get("/api/v1/audit/verify").then().statusCode(200).body("intact", equalTo(false),
                "brokenAt", equalTo((int) edited),
                "reason", equalTo("entry " + edited + " was altered after it was written"));

        database.preparedQuery("update audit_entry set actor = $1 where id = $2").execute(Tuple.of(actor, edited))
                .await().indefinitely();
        given().get("/api/v1/audit/verify").then().body("intact", equalTo(true));

        database.query("create table audit_kept as select * from audit_entry where id = " + deleted)
                .execute().await().indefinitely();
        database.query("delete from audit_entry where id = " + deleted).execute().await().indefinitely();
        given().get("/api/v1/audit/verify").then().body("intact", equalTo(false),
                "brokenAt", equalTo((int) next),
                "reason", equalTo("entry " + next + " does not follow the entry before it (one was deleted or altered)"));
        database.query("insert into audit_entry select * from audit_kept; drop table audit_kept").execute().await().indefinitely();
        given().get("/api/v1/audit/verify").then().body("intact", equalTo(true));
    }
}
