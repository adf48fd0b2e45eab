package io.steward.identity;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.Console;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** `steward keycloak ...`, run by the launcher on this module's own classpath (no Spark). */
@Command(name = "steward", subcommands = Main.KeycloakCommand.class, mixinStandardHelpOptions = true)
public final class Main {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    /** Where Keycloak is and who administers it: the options and login both commands share. */
    static final class KeycloakAdmin {

        @Option(names = "--url", required = true, paramLabel = "URL", description = "Keycloak, e.g. http://127.0.0.1:8180")
        String url;

        @Option(names = "--admin", paramLabel = "USER", defaultValue = "admin",
                description = "An administrator of the master realm (default: ${DEFAULT-VALUE}).")
        String adminUser;

        /**
         * A client logged in to the master realm, the password from STEWARD_KEYCLOAK_ADMIN_PASSWORD or a
         * prompt; empty (the reason said on stderr) when there is neither.
         */
        Optional<Keycloak> login(String command) {
            String password = System.getenv("STEWARD_KEYCLOAK_ADMIN_PASSWORD");
            if (password == null || password.isBlank()) {
                Console console = System.console();
                if (console == null) {
                    System.err.println(command + ": no terminal to ask for the password: set "
                            + "STEWARD_KEYCLOAK_ADMIN_PASSWORD");
                    return Optional.empty();
                }
                password = new String(console.readPassword("Keycloak password of %s: ", adminUser));
            }
            return Optional.of(KeycloakBuilder.builder().serverUrl(url).realm("master").clientId("admin-cli")
                    .username(adminUser).password(password).build());
        }
    }

    @Command(name = "keycloak", mixinStandardHelpOptions = true, description = "Keycloak for Steward.",
            subcommands = {BootstrapCommand.class, SyncCommand.class})
    static final class KeycloakCommand {
    }

    @Command(name = "sync", mixinStandardHelpOptions = true, description = {
            "Create in Keycloak every group Steward's access policies and tag masks name (groups only Keycloak has are"
                    + " left alone). The service token comes from STEWARD_TOKEN (e.g. $(steward token --server URL)), "
                    + "of an admin; the Keycloak administrator's password from STEWARD_KEYCLOAK_ADMIN_PASSWORD or a prompt.",
            "",
            "Exit codes: 0 done, 2 usage error or refused."})
    static final class SyncCommand implements Callable<Integer> {

        @Mixin
        KeycloakAdmin keycloak;

        @Option(names = "--server", required = true, paramLabel = "URL", description = "The Steward service.")
        String server;

        @Override
        public Integer call() throws InterruptedException {
            String token = System.getenv("STEWARD_TOKEN");
            if (token == null || token.isBlank()) {
                System.err.println("steward keycloak sync: set STEWARD_TOKEN to a service token of an admin");
                return 2;
            }
            List<String> groups;
            try {
                java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.replaceAll("/+$", "")
                                + "/api/v1/access/groups")).header("Authorization", "Bearer " + token).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    System.err.println("steward keycloak sync: " + server + " answered HTTP " + answer.statusCode());
                    return 2;
                }
                groups = new com.fasterxml.jackson.databind.ObjectMapper().readValue(answer.body(),
                        new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {
                        });
            } catch (java.io.IOException e) {
                System.err.println("steward keycloak sync: cannot reach " + server + " (" + e + ")");
                return 2;
            }
            Optional<Keycloak> login = keycloak.login("steward keycloak sync");
            if (login.isEmpty()) {
                return 2;
            }
            try (Keycloak admin = login.get()) {
                List<String> created = KeycloakBootstrap.syncGroups(admin, groups);
                System.out.println("Steward names " + groups.size() + " group(s); created in Keycloak: " + created + ".");
                return 0;
            } catch (RuntimeException e) {
                System.err.println("steward keycloak sync: " + keycloak.url + ": " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "bootstrap", mixinStandardHelpOptions = true, description = {
            "Create Steward's realm (" + KeycloakBootstrap.REALM + "), its clients (" + KeycloakBootstrap.CLI_CLIENT
                    + ", " + KeycloakBootstrap.SERVICE_CLIENT + ", " + KeycloakBootstrap.UI_CLIENT + ") and roles (steward-admin, data-steward, "
                    + "compliance-officer, analyst, job-runner) on a Keycloak; with --demo-users also one user per role"
                    + " (admin, steward, officer, analyst, job) and a second compliance officer (otto), who approves what officer requests. What exists is left as it is; UI origins the web UI's client lacks are added.",
            "The administrator's password comes from STEWARD_KEYCLOAK_ADMIN_PASSWORD or a prompt; the demo users'"
                    + " from STEWARD_DEMO_PASSWORD.",
            "",
            "Exit codes: 0 done, 2 usage error or Keycloak refused."})
    static final class BootstrapCommand implements Callable<Integer> {

        @Mixin
        KeycloakAdmin keycloak;

        @Option(names = "--demo-users", description = "Also create one demo user per role.")
        boolean demoUsers;

        @Option(names = "--ui-origin", paramLabel = "URL", description = "Where the web UI is served (scheme, host "
                + "and port; repeatable), allowed to sign in from the browser (default: http://127.0.0.1:8080 and "
                + "http://localhost:8080, where `steward serve` runs).")
        java.util.List<String> uiOrigins;

        @Override
        public Integer call() {
            Optional<Keycloak> login = keycloak.login("steward keycloak bootstrap");
            if (login.isEmpty()) {
                return 2;
            }
            String url = keycloak.url;
            try (Keycloak admin = login.get()) {
                Optional<String> demoPassword = Optional.empty();
                if (demoUsers) {
                    String demo = System.getenv("STEWARD_DEMO_PASSWORD");
                    if (demo == null || demo.isBlank()) {
                        System.err.println("steward keycloak bootstrap: --demo-users needs STEWARD_DEMO_PASSWORD");
                        return 2;
                    }
                    demoPassword = Optional.of(demo);
                }
                KeycloakBootstrap.Report report = KeycloakBootstrap.bootstrap(admin, demoPassword,
                        uiOrigins == null || uiOrigins.isEmpty() ? KeycloakBootstrap.UI_ORIGINS : uiOrigins);
                System.out.println(report.changedNothing() ? "Keycloak at " + url + " was ready for Steward already."
                        : "Keycloak at " + url + ": " + (report.realmCreated() ? "realm " + KeycloakBootstrap.REALM
                        + " created; " : "") + "roles created " + report.roles() + ", clients created "
                        + report.clients() + ", users created " + report.users() + ".");
                System.out.println("The service's issuer: " + url.replaceAll("/+$", "") + "/realms/"
                        + KeycloakBootstrap.REALM + " (STEWARD_OIDC_URL).");
                return 0;
            } catch (RuntimeException e) {
                System.err.println("steward keycloak bootstrap: " + url + ": " + e.getMessage());
                return 2;
            }
        }
    }
}
