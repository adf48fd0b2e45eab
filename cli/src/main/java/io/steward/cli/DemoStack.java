package io.steward.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What `steward demo` runs beside its jobs: a real Keycloak (the distribution the identity module
 * unpacks) with Steward's realm and demo users, and the policy service from its jar, on the
 * machine's PostgreSQL when one answers on 127.0.0.1:5432 (database steward_demo) or else on an
 * embedded one the service starts and stops. Everything lives under the demo's folder: Keycloak's
 * database, the service's signing key, logs, the passwords. Every process started here is
 * stopped by {@link #close}; processes a killed earlier demo left behind (found by the demo
 * folder in their command line) are stopped before anything starts.
 */
final class DemoStack implements AutoCloseable {

    static final String DATABASE = "steward_demo";
    private static final Duration KEYCLOAK_START = Duration.ofMinutes(4);
    private static final Duration SERVICE_START = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Where the database is: the machine's server, or an embedded one in this folder. */
    record Database(String description, Map<String, String> environment) {
    }

    private final Path home;
    private final Path dir;
    private final List<Process> started = new ArrayList<>();
    private final String adminPassword;
    final String demoPassword;
    String keycloakUrl;
    String serviceUrl;
    Database database;

    private DemoStack(Path home, Path dir, String adminPassword, String demoPassword) {
        this.home = home;
        this.dir = dir;
        this.adminPassword = adminPassword;
        this.demoPassword = demoPassword;
    }

    /**
     * A stack for this demo folder. Fresh: the folder's service state, Keycloak database and
     * passwords are made anew; kept: the passwords of the last run are read back, since Keycloak
     * kept its users.
     */
    static DemoStack prepare(Path home, Path dir, boolean keep) {
        stopLeftovers(dir);
        Path secrets = dir.resolve("passwords.properties");
        try {
            Files.createDirectories(dir);
            Properties saved = new Properties();
            if (keep && Files.exists(secrets)) {
                try (var in = Files.newInputStream(secrets)) {
                    saved.load(in);
                }
            } else {
                saved.setProperty("keycloak.admin", password());
                saved.setProperty("demo.users", password());
                Path temporary = Files.createTempFile(dir, ".passwords", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (var out = Files.newOutputStream(temporary)) {
                    saved.store(out, "steward demo: Keycloak's administrator and the demo users");
                }
                Files.move(temporary, secrets, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            return new DemoStack(home, dir, saved.getProperty("keycloak.admin"), saved.getProperty("demo.users"));
        } catch (IOException e) {
            throw new InputException(secrets + ": " + e.getMessage(), e);
        }
    }

    /** Chooses the database: the machine's PostgreSQL (database recreated unless kept), else an embedded one. */
    Database database(boolean keep) {
        if (reachable(5432)) {
            String user = System.getenv().getOrDefault("STEWARD_DB_USER", "postgres");
            try (Connection postgres = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", user, "");
                 Statement sql = postgres.createStatement()) {
                boolean exists;
                try (var found = sql.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                    exists = found.next();
                }
                if (exists && !keep) {
                    sql.execute("drop database " + DATABASE + " with (force)");
                }
                if (!exists || !keep) {
                    sql.execute("create database " + DATABASE);
                }
            } catch (SQLException e) {
                throw new InputException("PostgreSQL at 127.0.0.1:5432 (as " + user + "): " + e.getMessage()
                        + " (set STEWARD_DB_USER, or stop it to use an embedded one)", e);
            }
            database = new Database("the machine's, 127.0.0.1:5432, database " + DATABASE + (keep ? " (kept)" : " (fresh)"),
                    Map.of("STEWARD_DB_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + DATABASE,
                            "STEWARD_DB_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE,
                            "STEWARD_DB_USER", user));
        } else {
            Path data = dir.resolve("postgres");
            if (!keep) {
                AtomicOutput.deleteTree(data);
            }
            database = new Database("embedded (none answers on 127.0.0.1:5432), data in " + data
                    + ", started and stopped with the service", Map.of("STEWARD_EMBEDDED_DB", data.toString()));
        }
        return database;
    }

    /** Starts Keycloak in start-dev mode with its database in the demo folder; returns without waiting. */
    Process startKeycloak(int preferredPort, boolean keep) {
        Path keycloak = keycloakHome();
        Path data = dir.resolve("keycloak");
        if (!keep) {
            AtomicOutput.deleteTree(data);
        }
        int port = port(preferredPort);
        keycloakUrl = "http://127.0.0.1:" + port;
        Map<String, String> environment = new HashMap<>(Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
                "KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword, "JAVA_HOME", System.getProperty("java.home"),
                // Its transaction log beside its database, not in the distribution's data/ either.
                "JAVA_OPTS_APPEND", "-Dquarkus.transaction-manager.object-store.directory=" + data.resolve("transactions")));
        return start("keycloak", List.of(keycloak.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port, "--http-host=127.0.0.1",
                // Its own database file, not the distribution's data/ (the identity tests use that one).
                "--db-url=jdbc:h2:file:" + data.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE"), environment);
    }

    /**
     * Starts the policy service from its jar; returns without waiting. It starts beside Keycloak:
     * its OIDC client connects to Keycloak on the first request when Keycloak was not up yet.
     */
    Process startService(int preferredPort) {
        Path jar = home.resolve("policy-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new InputException(jar + " is missing: run the demo through ./steward, which builds it");
        }
        int port = port(preferredPort);
        serviceUrl = "http://127.0.0.1:" + port;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(lines(home.resolve("conf/service-java-options")));
        command.addAll(List.of("-Dquarkus.http.port=" + port,
                "-Dsteward.demo.dir=" + dir, "-jar", jar.toString()));
        Map<String, String> environment = new HashMap<>(database.environment());
        environment.putAll(Map.of(
                "STEWARD_OIDC_URL", keycloakUrl + "/realms/steward",
                "STEWARD_SIGNING_KEY_FILE", dir.resolve("service/signing-key").toString(),
                "STEWARD_LAUNCHER", home.resolve("steward").toString(),
                "STEWARD_CHECKS_HISTORY", dir.resolve("history").toString(),
                "STEWARD_CHECKS_QUARANTINE", dir.resolve("quarantine").toString(),
                "STEWARD_CHECKS_POLL", "1s",
                "STEWARD_CHECKS_WORKERS", "3", // the three ingest jobs' checks side by side
                "STEWARD_SPARK_MASTER", "local[2]",
                "STEWARD_RETENTION_SCHEDULE", "off"));
        return start("service", command, environment);
    }

    /** Waits until Keycloak answers, then makes Steward's realm, clients, roles and demo users there. */
    void bootstrapKeycloak(Process keycloak) {
        awaitOk(keycloakUrl + "/realms/master", keycloak, "keycloak", KEYCLOAK_START);
        Map<String, String> environment = Map.of("STEWARD_KEYCLOAK_ADMIN_PASSWORD", adminPassword,
                "STEWARD_DEMO_PASSWORD", demoPassword);
        String origin = serviceUrl.replace("127.0.0.1", "localhost");
        run("keycloak-bootstrap", List.of(home.resolve("steward").toString(), "keycloak", "bootstrap", "--url",
                keycloakUrl, "--demo-users", "--ui-origin", serviceUrl, "--ui-origin", origin), environment);
    }

    void awaitService(Process service) {
        awaitOk(serviceUrl + "/q/health/ready", service, "service", SERVICE_START);
    }

    Path log(String name) {
        return dir.resolve("logs").resolve(name + ".log");
    }

    /** Stops what this stack started, newest first (the service before Keycloak), then any stray. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            stop(started.get(i));
        }
        started.clear();
        stopLeftovers(dir);
    }

    private Process start(String name, List<String> command, Map<String, String> environment) {
        try {
            Files.createDirectories(log(name).getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log(name).toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            started.add(process);
            return process;
        } catch (IOException e) {
            throw new InputException("cannot start the " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    /** Runs a helper to its end; its output goes to its log, and its failure names that log. */
    private void run(String name, List<String> command, Map<String, String> environment) {
        Process process = start(name, command, environment);
        try {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                stop(process);
                throw new InputException(name + " did not finish within 3 minutes; see " + log(name));
            }
            if (process.exitValue() != 0) {
                throw new InputException(name + " failed (exit " + process.exitValue() + "): "
                        + tail(log(name)) + " (see " + log(name) + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException(name + ": interrupted", e);
        } finally {
            started.remove(process);
        }
    }

    private void awaitOk(String url, Process process, String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new InputException("the " + name + " stopped (exit " + process.exitValue() + "): "
                            + tail(log(name)) + " (see " + log(name) + ")");
                }
                try {
                    HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    if (answer.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException(name + ": interrupted while starting", e);
        }
        throw new InputException("the " + name + " did not answer " + url + " within " + timeout.toMinutes()
                + " minutes; see " + log(name));
    }

    /** Stops a process and its children (kc.sh is a shell around Keycloak's JVM): TERM, then KILL after 20 s. */
    private static void stop(ProcessHandle process) {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.add(process);
        family.forEach(ProcessHandle::destroy);
        for (ProcessHandle member : family) {
            try {
                member.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception stillRunning) {
                member.destroyForcibly();
            }
        }
    }

    private static void stop(Process process) {
        stop(process.toHandle());
    }

    /**
     * Stops every process whose command line names this demo folder (Keycloak's database, the
     * service's marker, an embedded PostgreSQL's data), except this process and its ancestors:
     * what a demo killed before it could clean up left running.
     */
    static void stopLeftovers(Path dir) {
        String marker = dir.toAbsolutePath().normalize().toString();
        Set<Long> ancestors = new HashSet<>();
        for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
            ancestors.add(p.get().pid());
        }
        List<ProcessHandle> strays = ProcessHandle.allProcesses()
                .filter(p -> !ancestors.contains(p.pid()))
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker + "/")).orElse(false))
                .toList();
        strays.forEach(DemoStack::stop);
    }

    private Path keycloakHome() {
        Path unpacked = home.resolve("identity/target/keycloak");
        try (Stream<Path> found = Files.isDirectory(unpacked) ? Files.list(unpacked) : Stream.empty()) {
            return found.filter(p -> p.getFileName().toString().startsWith("keycloak-")
                            && Files.isExecutable(p.resolve("bin/kc.sh")))
                    .findFirst().orElseThrow(() -> new InputException("no Keycloak under " + unpacked
                            + ": run the demo through ./steward, which unpacks it (the identity module's build)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The preferred port when it is free, else any free one (0 means any). */
    private static int port(int preferred) {
        if (preferred > 0 && !reachable(preferred)) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress("127.0.0.1", preferred));
                return preferred;
            } catch (IOException taken) {
                // fall through to any free port
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new InputException(file + ": " + e.getMessage(), e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - 5), all.size()).stream().collect(Collectors.joining(" | "));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String password() {
        byte[] bytes = new byte[9];
        new SecureRandom().nextBytes(bytes);
        return "demo-" + HexFormat.of().formatHex(bytes);
    }
}
