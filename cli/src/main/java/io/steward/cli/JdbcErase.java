package io.steward.cli;

import io.steward.masking.MaskingKey;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Erases subjects from a PostgreSQL table, named as OpenLineage names it (namespace
 * postgres://HOST:PORT, name DATABASE.SCHEMA.TABLE), in one transaction: the rows that hold a
 * subject are deleted (or their planned columns set to NULL where rows must stay), the table is
 * counted again, and only then is the transaction committed; a run killed before that changes
 * nothing, and a rerun finds nothing left to erase. Columns are checked against the table's own
 * and quoted; values are bound parameters, never SQL text. Credentials: STEWARD_ERASE_DB_USER
 * (default postgres) and STEWARD_ERASE_DB_PASSWORD.
 */
final class JdbcErase {

    private JdbcErase() {
    }

    static boolean handles(String namespace) {
        return namespace.startsWith("postgres://") || namespace.startsWith("postgresql://");
    }

    static EraseRewrite.Erased erase(String dataset, String namespace, String name, String action,
                                     List<EraseRewrite.Subject> subjects, Optional<MaskingKey> key) {
        String[] parts = parts(dataset, name);
        try (Connection connection = connect(namespace, parts[0])) {
            connection.setAutoCommit(false);
            try {
                EraseRewrite.Erased erased = erase(connection, dataset, found(connection, dataset, parts[1], parts[2],
                        subjects, key), action, subjects, key);
                Failpoint.reach("jdbc.uncommitted");
                connection.commit();
                return erased;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new InputException(dataset + ": " + e.getMessage() + "; nothing was erased there", e);
        }
    }

    /** The dry run (`steward erase count`): the table's rows and those holding the subject, read only. */
    static EraseCountJob.Counted count(String dataset, String namespace, String name,
                                       List<ErasePredicate.Target> targets, Map<String, List<String>> identifiers,
                                       Optional<MaskingKey> key) {
        try {
            String[] parts = parts(dataset, name);
            try (Connection connection = connect(namespace, parts[0])) {
                connection.setReadOnly(true);
                Found found = found(connection, dataset, parts[1], parts[2],
                        List.of(new EraseRewrite.Subject("count", targets, identifiers)), key);
                return new EraseCountJob.Counted(dataset, found.before(), (long) found.held().size(), null);
            }
        } catch (SQLException | InputException e) {
            return new EraseCountJob.Counted(dataset, null, null, e.getMessage());
        }
    }

    private static String[] parts(String dataset, String name) {
        String[] parts = name.split("\\.");
        if (parts.length != 3) {
            throw new InputException(dataset + ": a PostgreSQL table is named DATABASE.SCHEMA.TABLE");
        }
        return parts;
    }

    private static Connection connect(String namespace, String database) throws SQLException {
        String url = "jdbc:postgresql://" + namespace.replaceFirst("^postgres(ql)?://", "").replaceAll("/+$", "") + "/"
                + database;
        String user = Optional.ofNullable(System.getenv("STEWARD_ERASE_DB_USER")).orElse("postgres");
        return DriverManager.getConnection(url, user, System.getenv("STEWARD_ERASE_DB_PASSWORD"));
    }

    /** The table, the condition of the subjects' rows with its parameters, its rows, and the planned values of those rows. */
    private record Found(String relation, String where, List<String[]> parameters, List<ErasePredicate.Target> targets,
                         long before, List<List<String>> held) {
    }

    private static Found found(Connection connection, String dataset, String schema, String table,
                               List<EraseRewrite.Subject> subjects, Optional<MaskingKey> key) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ?")) {
            query.setString(1, schema);
            query.setString(2, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new InputException(dataset + ": no table " + schema + "." + table + "; nothing was erased");
        }
        List<ErasePredicate.Target> targets = subjects.stream().flatMap(s -> s.targets().stream()).distinct().toList();
        List<String> conditions = new ArrayList<>();
        List<String[]> parameters = new ArrayList<>();
        for (ErasePredicate.Target target : targets) {
            if (!columns.contains(target.column())) {
                throw new InputException(dataset + ": column " + target.column() + " is not in the table; nothing was "
                        + "erased");
            }
            List<String> values = new ArrayList<>();
            subjects.stream().filter(s -> s.targets().contains(target))
                    .forEach(s -> values.addAll(s.identifiers().getOrDefault(target.identifier(), List.of())));
            Set<String> forms;
            try {
                forms = ErasePredicate.forms(target, values, key);
            } catch (IllegalArgumentException e) {
                throw new InputException(dataset + ": column " + target.column() + " (masked by " + target.masked()
                        + "): " + e.getMessage() + "; nothing was erased", e);
            }
            conditions.add(comparable(target) + " = any(?)");
            parameters.add(forms.toArray(String[]::new));
        }
        String where = String.join(" or ", conditions);
        String relation = quote(schema) + "." + quote(table);
        long before = count(connection, "select count(*) from " + relation, List.of());
        List<List<String>> held = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("select " + String.join(", ", targets.stream()
                .map(t -> "cast(" + quote(t.column()) + " as text)").toList()) + " from " + relation + " where " + where)) {
            bind(connection, query, parameters);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= targets.size(); i++) {
                        values.add(rows.getString(i));
                    }
                    held.add(values);
                }
            }
        }
        return new Found(relation, where, parameters, targets, before, held);
    }

    private static EraseRewrite.Erased erase(Connection connection, String dataset, Found found, String action,
                                             List<EraseRewrite.Subject> subjects, Optional<MaskingKey> key)
            throws SQLException {
        Map<String, Long> bySubject = EraseRewrite.bySubject(subjects, found.targets(), found.held(), key);
        if (!found.held().isEmpty()) {
            String change = "redact".equals(action)
                    ? "update " + found.relation() + " set " + String.join(", ", found.targets().stream()
                            .map(t -> quote(t.column()) + " = null").distinct().toList()) + " where " + found.where()
                    : "delete from " + found.relation() + " where " + found.where();
            try (PreparedStatement statement = connection.prepareStatement(change)) {
                bind(connection, statement, found.parameters());
                statement.executeUpdate();
            }
            long left = count(connection, "select count(*) from " + found.relation() + " where " + found.where(),
                    found.parameters());
            if (left != 0) {
                throw new IllegalStateException(dataset + ": " + left + " rows of the subject remain; rolled back");
            }
        }
        long after = count(connection, "select count(*) from " + found.relation(), List.of());
        return new EraseRewrite.Erased(dataset, found.before(), after, found.held().size(), action, bySubject);
    }

    /** The column as the forms compare: like Spark's side (ErasePredicate), in SQL. */
    private static String comparable(ErasePredicate.Target target) {
        String text = "cast(" + quote(target.column()) + " as text)";
        if (target.masked() != null) {
            return text;
        }
        return switch (target.identifier()) {
            case "email" -> "lower(btrim(" + text + ", ' '))";
            case "phone" -> "regexp_replace(" + text + ", '[^0-9+]', '', 'g')";
            default -> "btrim(" + text + ", ' ')";
        };
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static void bind(Connection connection, PreparedStatement statement, List<String[]> parameters)
            throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Array array = connection.createArrayOf("text", parameters.get(i));
            statement.setArray(i + 1, array);
        }
    }

    private static long count(Connection connection, String sql, List<String[]> parameters) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            bind(connection, query, parameters);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
