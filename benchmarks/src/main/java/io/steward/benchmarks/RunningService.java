package io.steward.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The policy service as deployed, for benchmarks: a real Keycloak (start-dev, realm bootstrapped
 * with demo users) and the service jar (prod mode, with the JVM options `steward serve` uses) on the
 * machine's PostgreSQL, each a child process logging to benchmarks/target/service.
 */
final class RunningService implements AutoCloseable {

    static final Path ROOT = Path.of(".").toAbsolutePath().normalize();
    static final Path LOGS = ROOT.resolve("benchmarks/target/service");
    private static final Path SERVICE_JAR = ROOT.resolve("policy-service/target/quarkus-app/quarkus-run.jar");
    /** For set-up only (health checks, tokens): the requests benchmarks time go through {@link HttpConnections}. */
    private static final HttpClient SETUP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private HttpConnections http;
    private final String database;
    private final String keycloak;
    private final String demoPassword;
    private final Process keycloakProcess;
    private final int servicePort;
    private Process service;

    private RunningService(String database, String keycloak, String demoPassword, Process keycloakProcess,
                           int servicePort) {
        this.database = database;
        this.keycloak = keycloak;
        this.demoPassword = demoPassword;
        this.keycloakProcess = keycloakProcess;
        this.servicePort = servicePort;
    }

    /** Starts Keycloak and the service on an emptied database (Flyway cleans it first). */
    static RunningService start(String database) throws Exception {
        Files.createDirectories(LOGS);
        Path home = ROOT.resolve("identity/target/keycloak/keycloak-26.7.3");
        deleteTree(home.resolve("data"));
        String adminPassword = "admin-" + UUID.randomUUID();
        String demoPassword = "demo-" + UUID.randomUUID();
        String keycloak = "http://127.0.0.1:" + freePort();
        Process kc = start(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + URI.create(keycloak).getPort(), "--http-host=127.0.0.1"),
                Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", "admin", "KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword,
                        "JAVA_HOME", System.getProperty("java.home")), "keycloak.log");
        RunningService running = new RunningService(database, keycloak, demoPassword, kc, freePort());
        try {
            awaitOk(keycloak + "/realms/master", Duration.ofMinutes(3));
            Process bootstrap = start(List.of(ROOT.resolve("steward").toString(), "keycloak", "bootstrap", "--url",
                    keycloak, "--demo-users", "--ui-origin", running.url()), Map.of("STEWARD_KEYCLOAK_ADMIN_PASSWORD", adminPassword,
                    "STEWARD_DEMO_PASSWORD", demoPassword), "bootstrap.log");
            if (bootstrap.waitFor() != 0) {
                throw new IllegalStateException("bootstrap failed; see " + LOGS.resolve("bootstrap.log"));
            }
            running.startService(true);
            running.http = new HttpConnections("127.0.0.1", running.servicePort);
            return running;
        } catch (Exception e) {
            running.close();
            throw e;
        }
    }

    String url() {
        return "http://127.0.0.1:" + servicePort;
    }

    /** Stops the service (as an operator would, SIGTERM) and starts it again on the same database. */
    void restartService() throws Exception {
        stop(service);
        startService(false);
    }

    /** The JVM options `steward serve` runs the service with (conf/service-java-options), for reports. */
    static String javaOptions() throws IOException {
        return String.join(" ", javaOptionLines());
    }

    private static List<String> javaOptionLines() throws IOException {
        return Files.readAllLines(ROOT.resolve("conf/service-java-options"));
    }

    private void startService(boolean clean) throws Exception {
        // The JVM options `steward serve` uses, from the same file.
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptionLines());
        // As `steward serve`, STEWARD_JAVA_OPTS comes after them (e.g. a flight recording).
        String extra = System.getenv().getOrDefault("STEWARD_JAVA_OPTS", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        // Wall-clock times in the GC log, to lay its pauses beside the load's slow seconds.
        command.addAll(List.of("-Xlog:gc:file=" + LOGS.resolve(clean ? "service-gc.log" : "service-restarted-gc.log")
                        + ":time,uptime",
                "-Dquarkus.http.port=" + servicePort, "-Dquarkus.flyway.clean-at-start=" + clean,
                "-Dquarkus.flyway.clean-disabled=" + !clean, "-Dquarkus.log.level=WARN", "-jar",
                SERVICE_JAR.toString()));
        service = start(command,
                Map.of("STEWARD_OIDC_URL", keycloak + "/realms/steward",
                        "STEWARD_DB_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + database,
                        "STEWARD_DB_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + database,
                        "STEWARD_SIGNING_KEY_FILE", LOGS.resolve("signing-key").toString()),
                clean ? "service.log" : "service-restarted.log");
        awaitOk(url() + "/q/health/ready", Duration.ofMinutes(1));
    }

    /** The demo users' password (the web UI benchmark signs in on Keycloak's page with it). */
    String demoPassword() {
        return demoPassword;
    }

    /** A demo user's access token (Keycloak's default lifetime, 5 minutes). */
    String token(String user) throws Exception {
        String form = "grant_type=password&client_id=steward-cli&username=" + user + "&password="
                + URLEncoder.encode(demoPassword, StandardCharsets.UTF_8);
        HttpResponse<String> response = SETUP.send(HttpRequest.newBuilder(URI.create(keycloak
                        + "/realms/steward/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response.body());
        if (!token.find()) {
            throw new IllegalStateException("no token for " + user + ": " + response.body());
        }
        return token.group(1);
    }

    /** Runs {@code task} on the thread answers complete on, at {@code nanoTime} (see {@link HttpConnections#at}). */
    void at(long nanoTime, Runnable task) {
        http.at(nanoTime, task);
    }

    /** A demo user's tokens, a fresh one fetched when the last is a minute from expiring. */
    Token tokens(String user) {
        return new Token(user);
    }

    /** One user's tokens: {@link #get} renews the token before Keycloak's five minutes run out. */
    final class Token {
        private final String user;
        private String token;
        private long issued;

        private Token(String user) {
            this.user = user;
        }

        synchronized String get() {
            if (token == null || System.nanoTime() - issued > 240e9) {
                try {
                    token = token(user);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                issued = System.nanoTime();
            }
            return token;
        }
    }

    /** Sends a request; an answer other than 2xx fails the future with the status and body. */
    CompletableFuture<String> send(String method, String path, String token, String json) {
        return sendBytes(method, path, token, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** The same with the body's UTF-8 bytes, encoded once by the caller. */
    CompletableFuture<String> sendBytes(String method, String path, String token, byte[] json) {
        return http.send(method, path, token, json, 60).thenApply(answer -> {
            if (answer.status() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + ": HTTP " + answer.status() + " " + answer.body());
            }
            return answer.body();
        });
    }

    @Override
    public void close() throws InterruptedException {
        if (http != null) {
            http.close();
        }
        stop(service);
        stop(keycloakProcess);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Process start(List<String> command, Map<String, String> environment, String log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(LOGS.resolve(log).toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static void awaitOk(String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (SETUP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(url + " did not come up; see " + LOGS);
    }

    private static void stop(Process process) throws InterruptedException {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
