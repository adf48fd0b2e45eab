package io.steward.identity;

import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Makes a Keycloak ready for Steward: the realm, its clients, the five roles and, when asked,
 * one demo user per role. Idempotent: what exists is left as it is, only what is missing is made
 * (the web UI's client gains UI origins it lacks), so it can run against a fresh Keycloak or again
 * after an upgrade or a move.
 */
public final class KeycloakBootstrap {

    public static final String REALM = "steward";
    /** The public client the CLI logs in with (password grant). */
    public static final String CLI_CLIENT = "steward-cli";
    /** The service's own client: it only verifies tokens, so no flow is enabled. */
    public static final String SERVICE_CLIENT = "steward-service";
    /** The public client the web UI signs in with (authorization code with PKCE). */
    public static final String UI_CLIENT = "steward-ui";
    /** Where the UI is served from by default (`steward serve`): the origins its token requests come from. */
    public static final List<String> UI_ORIGINS = List.of("http://127.0.0.1:8080", "http://localhost:8080");

    /** Steward's roles; the service admits each /api/ operation to some of them. */
    public static final List<Role> ROLES = List.of(
            new Role("steward-admin", "Administers Steward: policies, masks, rulesets, everything"),
            new Role("data-steward", "Curates the catalog: datasets, schemas, PII tags, rulesets, policies"),
            new Role("compliance-officer", "Reviews PII tags, reads the audit trail, approves erase requests"),
            new Role("analyst", "Reads the catalog and data, masked as the policies say"),
            new Role("job-runner", "Jobs: registers datasets and schemas, records DQ runs and scans"));

    /**
     * One demo user per role, and a second compliance officer: an erase request is approved by an
     * officer other than its requester (Keycloak 26 wants an email and names before it issues tokens).
     */
    public static final List<DemoUser> DEMO_USERS = List.of(
            new DemoUser("admin", "steward-admin", "Ada", "Admin"),
            new DemoUser("steward", "data-steward", "Sam", "Steward"),
            new DemoUser("officer", "compliance-officer", "Olga", "Officer"),
            new DemoUser("otto", "compliance-officer", "Otto", "Approver"),
            new DemoUser("analyst", "analyst", "Ann", "Analyst"),
            new DemoUser("job", "job-runner", "Jo", "Runner"));

    public record Role(String name, String description) {
    }

    public record DemoUser(String username, String role, String firstName, String lastName) {
    }

    /** What a run made; empty lists when everything was there already. */
    public record Report(boolean realmCreated, List<String> roles, List<String> clients, List<String> users) {
        public boolean changedNothing() {
            return !realmCreated && roles.isEmpty() && clients.isEmpty() && users.isEmpty();
        }
    }

    private KeycloakBootstrap() {
    }

    /**
     * @param admin        a client logged in to the master realm as an administrator
     * @param demoPassword when present, the demo users are made with this password
     */
    public static Report bootstrap(Keycloak admin, Optional<String> demoPassword) {
        return bootstrap(admin, demoPassword, UI_ORIGINS);
    }

    /**
     * @param uiOrigins the origins the web UI is served from (scheme, host and port), allowed to
     *                  call Keycloak's token endpoint from the browser
     */
    public static Report bootstrap(Keycloak admin, Optional<String> demoPassword, List<String> uiOrigins) {
        requireNonNull(admin, "admin");
        boolean realmCreated = admin.realms().findAll().stream().noneMatch(r -> r.getRealm().equals(REALM));
        if (realmCreated) {
            RealmRepresentation realm = new RealmRepresentation();
            realm.setRealm(REALM);
            realm.setDisplayName("Steward");
            realm.setEnabled(true);
            admin.realms().create(realm);
        }
        RealmResource realm = admin.realm(REALM);
        List<String> roles = roles(realm);
        List<String> clients = clients(realm, uiOrigins);
        List<String> users = demoPassword.map(password -> users(realm, password)).orElse(List.of());
        return new Report(realmCreated, roles, clients, users);
    }

    private static List<String> roles(RealmResource realm) {
        Set<String> existing = realm.roles().list().stream().map(RoleRepresentation::getName).collect(Collectors.toSet());
        List<String> created = new ArrayList<>();
        for (Role role : ROLES) {
            if (!existing.contains(role.name())) {
                realm.roles().create(new RoleRepresentation(role.name(), role.description(), false));
                created.add(role.name());
            }
        }
        return created;
    }

    private static List<String> clients(RealmResource realm, List<String> uiOrigins) {
        List<String> created = new ArrayList<>();
        if (realm.clients().findByClientId(CLI_CLIENT).isEmpty()) {
            ClientRepresentation cli = new ClientRepresentation();
            cli.setClientId(CLI_CLIENT);
            cli.setName("Steward command line");
            cli.setPublicClient(true);
            cli.setDirectAccessGrantsEnabled(true);
            cli.setStandardFlowEnabled(false);
            cli.setProtocolMappers(List.of(groupsMapper()));
            created(realm.clients().create(cli), "client " + CLI_CLIENT);
            created.add(CLI_CLIENT);
        }
        if (realm.clients().findByClientId(SERVICE_CLIENT).isEmpty()) {
            ClientRepresentation service = new ClientRepresentation();
            service.setClientId(SERVICE_CLIENT);
            service.setName("Steward policy service");
            service.setPublicClient(false);
            service.setStandardFlowEnabled(false);
            service.setDirectAccessGrantsEnabled(false);
            created(realm.clients().create(service), "client " + SERVICE_CLIENT);
            created.add(SERVICE_CLIENT);
        }
        if (realm.clients().findByClientId(UI_CLIENT).isEmpty()) {
            ClientRepresentation ui = new ClientRepresentation();
            ui.setClientId(UI_CLIENT);
            ui.setName("Steward web UI");
            ui.setPublicClient(true);
            ui.setStandardFlowEnabled(true);
            ui.setDirectAccessGrantsEnabled(false);
            // Keycloak matches a loopback redirect (127.0.0.1, localhost) whatever its port (RFC 8252).
            ui.setRedirectUris(List.of("http://127.0.0.1/*", "http://localhost/*"));
            ui.setWebOrigins(List.copyOf(uiOrigins));
            ui.setAttributes(java.util.Map.of("pkce.code.challenge.method", "S256",
                    "post.logout.redirect.uris", "http://127.0.0.1/*##http://localhost/*"));
            ui.setProtocolMappers(List.of(groupsMapper()));
            created(realm.clients().create(ui), "client " + UI_CLIENT);
            created.add(UI_CLIENT);
        } else {
            // The UI served from another place (a new port): that origin may call the token endpoint too.
            ClientRepresentation ui = realm.clients().findByClientId(UI_CLIENT).get(0);
            List<String> origins = new ArrayList<>(ui.getWebOrigins() == null ? List.of() : ui.getWebOrigins());
            List<String> missing = uiOrigins.stream().filter(origin -> !origins.contains(origin)).toList();
            if (!missing.isEmpty()) {
                origins.addAll(missing);
                ui.setWebOrigins(origins);
                realm.clients().get(ui.getId()).update(ui);
            }
        }
        return created;
    }

    /** Group membership in the tokens, as the claim "groups": policies name groups. */
    private static org.keycloak.representations.idm.ProtocolMapperRepresentation groupsMapper() {
        org.keycloak.representations.idm.ProtocolMapperRepresentation groups =
                new org.keycloak.representations.idm.ProtocolMapperRepresentation();
        groups.setName("groups");
        groups.setProtocol("openid-connect");
        groups.setProtocolMapper("oidc-group-membership-mapper");
        groups.setConfig(java.util.Map.of("claim.name", "groups", "full.path", "false",
                "access.token.claim", "true", "id.token.claim", "true", "userinfo.token.claim", "true"));
        return groups;
    }

    private static List<String> users(RealmResource realm, String password) {
        List<String> created = new ArrayList<>();
        for (DemoUser demo : DEMO_USERS) {
            if (!realm.users().searchByUsername(demo.username(), true).isEmpty()) {
                continue;
            }
            UserRepresentation user = new UserRepresentation();
            user.setUsername(demo.username());
            user.setFirstName(demo.firstName());
            user.setLastName(demo.lastName());
            user.setEmail(demo.username() + "@steward.example");
            user.setEmailVerified(true);
            user.setEnabled(true);
            CredentialRepresentation credential = new CredentialRepresentation();
            credential.setType(CredentialRepresentation.PASSWORD);
            credential.setValue(password);
            credential.setTemporary(false);
            user.setCredentials(List.of(credential));
            String id = created(realm.users().create(user), "user " + demo.username());
            realm.users().get(id).roles().realmLevel().add(List.of(realm.roles().get(demo.role()).toRepresentation()));
            created.add(demo.username());
        }
        return created;
    }

    /**
     * Creates in the realm every group Steward's policies name that Keycloak lacks; returns those
     * created. Groups only Keycloak has are left alone: people may use them for other things.
     */
    public static List<String> syncGroups(Keycloak admin, List<String> groups) {
        RealmResource realm = admin.realm(REALM);
        Set<String> existing = realm.groups().groups().stream()
                .map(org.keycloak.representations.idm.GroupRepresentation::getName).collect(Collectors.toSet());
        List<String> created = new ArrayList<>();
        for (String name : groups) {
            if (!existing.contains(name)) {
                org.keycloak.representations.idm.GroupRepresentation group =
                        new org.keycloak.representations.idm.GroupRepresentation();
                group.setName(name);
                created(realm.groups().add(group), "group " + name);
                created.add(name);
            }
        }
        return created;
    }

    /** The id Keycloak gave what was created (from the Location header); a refusal names what and why. */
    private static String created(Response response, String what) {
        try (response) {
            if (response.getStatus() != 201) {
                throw new IllegalStateException("Keycloak refused to create " + what + ": HTTP " + response.getStatus()
                        + " " + response.readEntity(String.class));
            }
            String location = response.getLocation().getPath();
            return location.substring(location.lastIndexOf('/') + 1);
        }
    }
}
