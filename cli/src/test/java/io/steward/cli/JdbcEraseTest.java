package io.steward.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Erasing subjects from a table on the machine's PostgreSQL, in a schema of the test's own. */
class JdbcEraseTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private final String schema = "erase_" + UUID.randomUUID().toString().substring(0, 8);

    private void sql(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, "postgres", null);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private List<String> rows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(URL, "postgres", null);
             ResultSet result = connection.createStatement().executeQuery("select id, email, note from " + schema
                     + ".customers order by id")) {
            while (result.next()) {
                rows.add(result.getInt(1) + " " + result.getString(2) + " " + result.getString(3));
            }
        }
        return rows;
    }

    @BeforeEach
    void table() throws SQLException {
        sql("create schema " + schema, "create table " + schema + ".customers (id int primary key, email text, note text)",
                "insert into " + schema + ".customers values (1, 'ann@example.com', 'a'), (2, 'bob@example.com', 'b'), "
                        + "(3, ' ANN@Example.com', 'c'), (4, null, 'd')");
    }

    @AfterEach
    void drop() throws SQLException {
        sql("drop schema " + schema + " cascade");
    }

    private EraseRewrite.Erased erase(String action, String column) {
        return JdbcErase.erase("postgres://127.0.0.1:5432:postgres." + schema + ".customers", "postgres://127.0.0.1:5432",
                "postgres." + schema + ".customers", action, List.of(new EraseRewrite.Subject("5",
                        List.of(new ErasePredicate.Target(column, "email", null)),
                        Map.of("email", List.of("ann@example.com")))), Optional.empty());
    }

    private EraseCountJob.Counted count(String column) {
        return JdbcErase.count("postgres://127.0.0.1:5432:postgres." + schema + ".customers", "postgres://127.0.0.1:5432",
                "postgres." + schema + ".customers", List.of(new ErasePredicate.Target(column, "email", null)),
                Map.of("email", List.of("ann@example.com")), Optional.empty());
    }

    @Test
    void deletesTheSubjectsRowsInOneTransactionAndARerunChangesNothing() throws SQLException {
        assertThat(count("email")).isEqualTo(new EraseCountJob.Counted("postgres://127.0.0.1:5432:postgres." + schema
                + ".customers", 4L, 2L, null));
        assertThat(rows()).as("counting changes nothing").hasSize(4);
        assertThat(count("mail").note()).contains("column mail is not in the table");
        assertThat(erase("delete", "email").erased()).isEqualTo(2);
        assertThat(rows()).containsExactly("2 bob@example.com b", "4 null d");
        EraseRewrite.Erased again = erase("delete", "email");
        assertThat(again.erased()).isZero();
        assertThat(again.bySubject()).containsEntry("5", 0L);
        assertThat(rows()).containsExactly("2 bob@example.com b", "4 null d");
    }

    @Test
    void redactsWhereRowsMustStay() throws SQLException {
        EraseRewrite.Erased erased = erase("redact", "email");
        assertThat(erased.before()).isEqualTo(4);
        assertThat(erased.after()).isEqualTo(4);
        assertThat(erased.bySubject()).containsEntry("5", 2L);
        assertThat(rows()).containsExactly("1 null a", "2 bob@example.com b", "3 null c", "4 null d");
    }

    @Test
    void aColumnTheTableLacksErasesNothing() throws SQLException {
        assertThatThrownBy(() -> erase("delete", "mail")).isInstanceOf(InputException.class)
                .hasMessageContaining("column mail is not in the table; nothing was erased");
        assertThat(rows()).hasSize(4);
    }
}
