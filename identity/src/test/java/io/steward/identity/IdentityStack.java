package io.steward.identity;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

import java.net.URI;
import java.net.URLEncoder;
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
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real Keycloak for this module's integration tests, bootstrapped twice (the second run must
 * change nothing) and started once per test JVM (it takes most of a minute), stopped when the JVM
 * ends; policy services started from their jar against it, each on its own database; and the
 * launcher, run as a user would run it.
 */
final class IdentityStack {

    static final Path HOME = Path.of(System.getProperty("steward.keycloak.home"));
    static final Path SERVICE_JAR = Path.of(System.getProperty("steward.service.jar"));
    static final Path LOGS = Path.of("target", "integration");
    static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
    static final String DEMO_PASSWORD = "demo-" + UUID.randomUUID();

    private static IdentityStack started;

    final String keycloakUrl;
    final KeycloakBootstrap.Report first;
    final KeycloakBootstrap.Report second;

    private IdentityStack(String keycloakUrl, KeycloakBootstrap.Report first, KeycloakBootstrap.Report second) {
        this.keycloakUrl = keycloakUrl;
        this.first = first;
        this.second = second;
    }

    static synchronized IdentityStack get() throws Exception {
        if (started == null) {
            started = start();
        }
        return started;
    }

    private static IdentityStack start() throws Exception {
        // A fresh Keycloak each run: start-dev keeps its realms (and the first admin's password) in data/.
        deleteTree(HOME.resolve("data"));
        int port = LocalProcesses.freePort();
        String url = "http://127.0.0.1:" + port;
        Process keycloak = LocalProcesses.start(List.of(HOME.resolve("bin/kc.sh").toString(), "start-dev",
                        "--http-port=" + port, "--http-host=127.0.0.1"),
                Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", "admin", "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                        "JAVA_HOME", System.getProperty("java.home")), LOGS.resolve("keycloak.log"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(keycloak)));
        LocalProcesses.awaitOk(url + "/realms/master", keycloak, LOGS.resolve("keycloak.log"), Duration.ofMinutes(3));
        try (Keycloak admin = admin(url)) {
            KeycloakBootstrap.Report first = KeycloakBootstrap.bootstrap(admin, Optional.of(DEMO_PASSWORD));
            KeycloakBootstrap.Report second = KeycloakBootstrap.bootstrap(admin, Optional.of(DEMO_PASSWORD));
            return new IdentityStack(url, first, second);
        }
    }

    Keycloak admin() {
        return admin(keycloakUrl);
    }

    private static Keycloak admin(String url) {
        return KeycloakBuilder.builder().serverUrl(url).realm("master").clientId("admin-cli")
                .username("admin").password(ADMIN_PASSWORD).build();
    }

    /**
     * A policy service from its jar on a free port, admitting this Keycloak's tokens, on the named
     * database (its schema cleaned and migrated at start), signing with a key under target/; its
     * output goes to target/integration/NAME.log. Returns its URL once it is ready.
     */
    Service service(String name, String database) throws Exception {
        int port = LocalProcesses.freePort();
        Path log = LOGS.resolve(name + ".log");
        Process process = LocalProcesses.start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dquarkus.http.port=" + port, "-Dquarkus.flyway.clean-at-start=true",
                        "-Dquarkus.flyway.clean-disabled=false", "-jar", SERVICE_JAR.toString()),
                Map.of("STEWARD_OIDC_URL", keycloakUrl + "/realms/" + KeycloakBootstrap.REALM,
                        "STEWARD_DB_REACTIVE_URL", "postgresql://127.0.0.1:5432/" + database,
                        "STEWARD_DB_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + database,
                        // Certificates are signed with a key of the test's own, not the user's ~/.steward one.
                        "STEWARD_SIGNING_KEY_FILE", LOGS.resolve(name + "-signing-key").toAbsolutePath().toString()),
                log);
        String url = "http://127.0.0.1:" + port;
        LocalProcesses.awaitOk(url + "/q/health/ready", process, log, Duration.ofMinutes(1));
        return new Service(url, process);
    }

    /** A running policy service. */
    record Service(String url, Process process) implements AutoCloseable {
        @Override
        public void close() {
            stop(process);
        }
    }

    /** Lets the web UI served at this origin (scheme, host, port) call the token endpoint from the browser. */
    synchronized void allowUiOrigin(String origin) {
        try (Keycloak admin = admin()) {
            var clients = admin.realm(KeycloakBootstrap.REALM).clients();
            var ui = clients.findByClientId(KeycloakBootstrap.UI_CLIENT).get(0);
            List<String> origins = new ArrayList<>(ui.getWebOrigins());
            if (!origins.contains(origin)) {
                origins.add(origin);
                ui.setWebOrigins(origins);
                clients.get(ui.getId()).update(ui);
            }
        }
    }

    /** A demo user's access token (password grant with the CLI's client). */
    String token(String user) throws Exception {
        String form = "grant_type=password&client_id=" + KeycloakBootstrap.CLI_CLIENT + "&username=" + user
                + "&password=" + URLEncoder.encode(DEMO_PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<String> response = LocalProcesses.HTTP.send(HttpRequest.newBuilder(URI.create(keycloakUrl
                        + "/realms/" + KeycloakBootstrap.REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response.body());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    /** Runs the launcher; its output, or "exit N: " and its error output when it fails. */
    static String run(Map<String, String> environment, String... args) throws Exception {
        Process process = launcher(environment, args).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int code = process.waitFor();
        return code == 0 ? out : "exit " + code + ": " + err;
    }

    /** The launcher with these arguments and environment, not yet started. */
    static ProcessBuilder launcher(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(System.getProperty("steward.launcher")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return builder;
    }

    private static void stop(Process process) {
        try {
            LocalProcesses.stop(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path directory) throws java.io.IOException {
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
