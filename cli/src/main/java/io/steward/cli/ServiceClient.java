package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The CLI's side of the policy service: logging in through the service's identity provider
 * (OIDC password grant with the public client the service names at /config), keeping the tokens
 * per server in ~/.steward/credentials.json (readable by the owner only), refreshing them, and
 * calling the API with them. Errors name the server, the call and what it answered.
 */
final class ServiceClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** A token this close to expiring is refreshed before use. */
    private static final long MARGIN_SECONDS = 30;

    private final String server;
    /** A user signed in for this client alone (tokens in memory), instead of the credentials file's. */
    private final Optional<Person> person;

    ServiceClient(String server) {
        this(server, Optional.empty());
    }

    private ServiceClient(String server, Optional<Person> person) {
        this.server = server.replaceAll("/+$", "");
        this.person = person;
    }

    /**
     * A client acting as this user, whose tokens stay in memory (signed in again when they near
     * expiry) and never touch the credentials file: `steward demo` speaks as several people at once.
     */
    static ServiceClient signedIn(String server, String user, String password) {
        ServiceClient client = new ServiceClient(server, Optional.of(new Person(user, password)));
        client.token();
        return client;
    }

    /** The user of {@link #signedIn}, with the tokens of the last sign-in. */
    private static final class Person {
        final String user;
        final String password;
        String accessToken;
        long expiresAt;

        Person(String user, String password) {
            this.user = user;
            this.password = password;
        }
    }

    /** Logs the user in and keeps the tokens; returns the user's name as the token says it. */
    String login(String user, String password) {
        JsonNode config = send("GET", server + "/config", null, null);
        String issuer = config.path("issuer").asText();
        String clientId = config.path("clientId").asText();
        JsonNode tokens = tokenRequest(issuer, Map.of("grant_type", "password", "client_id", clientId,
                "username", user, "password", password));
        store(issuer, clientId, user, tokens);
        return user;
    }

    /** A valid access token for this server, refreshed when needed. */
    String token() {
        if (person.isPresent()) {
            return personToken(person.get());
        }
        JsonNode entry = credentials().path(server);
        if (entry.isMissingNode()) {
            throw new InputException("not logged in to " + server + ": steward login --server " + server + " --user NAME");
        }
        long now = Instant.now().getEpochSecond();
        if (entry.path("expiresAt").asLong() - MARGIN_SECONDS > now) {
            return entry.path("accessToken").asText();
        }
        if (entry.path("refreshExpiresAt").asLong() - MARGIN_SECONDS <= now) {
            throw new InputException("the login to " + server + " has expired: steward login --server " + server
                    + " --user " + entry.path("user").asText());
        }
        JsonNode tokens = tokenRequest(entry.path("issuer").asText(), Map.of("grant_type", "refresh_token",
                "client_id", entry.path("clientId").asText(), "refresh_token", entry.path("refreshToken").asText()));
        store(entry.path("issuer").asText(), entry.path("clientId").asText(), entry.path("user").asText(), tokens);
        return tokens.path("access_token").asText();
    }

    private synchronized String personToken(Person who) {
        long now = Instant.now().getEpochSecond();
        if (who.accessToken == null || who.expiresAt - MARGIN_SECONDS <= now) {
            JsonNode config = send("GET", server + "/config", null, null);
            JsonNode tokens = tokenRequest(config.path("issuer").asText(), Map.of("grant_type", "password",
                    "client_id", config.path("clientId").asText(), "username", who.user, "password", who.password));
            who.accessToken = tokens.path("access_token").asText();
            who.expiresAt = now + tokens.path("expires_in").asLong(60);
        }
        return who.accessToken;
    }

    JsonNode get(String path) {
        return send("GET", server + path, token(), null);
    }

    JsonNode post(String path, Object body) {
        return send("POST", server + path, token(), body);
    }

    JsonNode put(String path, Object body) {
        return send("PUT", server + path, token(), body);
    }

    /** PUT of a text/plain body, such as a DQDL ruleset. */
    JsonNode putText(String path, String text) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json").header("Content-Type", "text/plain; charset=utf-8")
                .header("Authorization", "Bearer " + token())
                .PUT(HttpRequest.BodyPublishers.ofString(text)).build();
        return exchange(request, "PUT " + server + path);
    }

    /** The token endpoint from the issuer's OIDC discovery document, then the grant. */
    private JsonNode tokenRequest(String issuer, Map<String, String> form) {
        String endpoint = send("GET", issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration", null, null)
                .path("token_endpoint").asText();
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        JsonNode answer = exchange(request, "POST " + endpoint);
        if (!answer.hasNonNull("access_token")) {
            throw new InputException(endpoint + ": no access token in the answer");
        }
        return answer;
    }

    private JsonNode send(String method, String url, String token, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return exchange(request.build(), method + " " + url);
        } catch (IOException e) {
            throw new InputException(url + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode exchange(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new InputException(what + ": cannot reach the server (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException(what + ": interrupted", e);
        }
        JsonNode answer;
        try {
            answer = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            answer = JSON.createObjectNode().put("error", response.body());
        }
        if (response.statusCode() / 100 != 2) {
            String reason = answer.path("error_description").asText(answer.path("error").asText(""));
            JsonNode details = answer.path("details");
            throw new InputException(what + ": HTTP " + response.statusCode() + (reason.isEmpty() ? "" : ": " + reason)
                    + (details.isArray() && !details.isEmpty() ? " " + details : ""));
        }
        return answer;
    }

    private void store(String issuer, String clientId, String user, JsonNode tokens) {
        long now = Instant.now().getEpochSecond();
        ObjectNode all = (ObjectNode) credentials();
        ObjectNode entry = all.putObject(server);
        entry.put("issuer", issuer);
        entry.put("clientId", clientId);
        entry.put("user", user);
        entry.put("accessToken", tokens.path("access_token").asText());
        entry.put("refreshToken", tokens.path("refresh_token").asText());
        entry.put("expiresAt", now + tokens.path("expires_in").asLong(60));
        entry.put("refreshExpiresAt", now + tokens.path("refresh_expires_in").asLong(0));
        Path file = credentialsFile();
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), ".credentials", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all));
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new InputException(file + ": cannot keep the tokens: " + e.getMessage(), e);
        }
    }

    private static JsonNode credentials() {
        Path file = credentialsFile();
        try {
            return Files.exists(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
        } catch (IOException e) {
            throw new InputException(file + ": unreadable: " + e.getMessage(), e);
        }
    }

    /** "s3://lake:sales.orders" as namespace and name (split at the last ':', as names rarely hold one). */
    static String[] splitName(String qualified, String option) {
        int split = qualified.lastIndexOf(':');
        if (split <= 0 || split == qualified.length() - 1) {
            throw new InputException(option + " is NAMESPACE:NAME, e.g. s3://lake:sales.orders; found '" + qualified + "'");
        }
        return new String[] {qualified.substring(0, split), qualified.substring(split + 1)};
    }

    /** A query parameter's value, URL-encoded. */
    static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * ~/.steward/credentials.json, or under STEWARD_HOME_DIR for tests and scripts, or under the
     * system property steward.credentials.home (`steward demo`'s jobs sign in there, not in the user's).
     */
    static Path credentialsFile() {
        String home = System.getProperty("steward.credentials.home", System.getenv("STEWARD_HOME_DIR"));
        return Path.of(home != null ? home : System.getProperty("user.home"), ".steward", "credentials.json");
    }
}
