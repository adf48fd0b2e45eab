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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The policy service under load, as deployed: a real Keycloak (tokens), the service jar on the
 * machine's PostgreSQL, and an open-loop load generator on the same 2 cores. Access decisions at
 * a constant 1,000 requests/s for 60 s (latency from each request's scheduled start, so a stall
 * is not hidden), decisions that miss every cache, and catalog search over 10,000 datasets.
 */
public final class ServiceBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4)).build();
    private static final Path ROOT = Path.of(".").toAbsolutePath().normalize();
    private static final Path LOGS = ROOT.resolve("benchmarks/target/service");
    private static final int DATASETS = 10_000;
    private static final int RATE = 1_000;
    private static final int SECONDS = 60;

    private static String service;
    private static String keycloak;

    private ServiceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Files.createDirectories(LOGS);
        Path home = ROOT.resolve("identity/target/keycloak/keycloak-26.7.3");
        deleteTree(home.resolve("data"));
        String adminPassword = "admin-" + UUID.randomUUID();
        String demoPassword = "demo-" + UUID.randomUUID();
        int keycloakPort = freePort();
        keycloak = "http://127.0.0.1:" + keycloakPort;
        Process kc = start(List.of(home.resolve("bin/kc.sh").toString(), "start-dev", "--http-port=" + keycloakPort,
                "--http-host=127.0.0.1"), Map.of("KC_BOOTSTRAP_ADMIN_USERNAME", "admin", "KC_BOOTSTRAP_ADMIN_PASSWORD",
                adminPassword, "JAVA_HOME", System.getProperty("java.home")), "keycloak.log");
        Process svc = null;
        try {
            awaitOk(keycloak + "/realms/master", Duration.ofMinutes(3));
            Process bootstrap = start(List.of(ROOT.resolve("steward").toString(), "keycloak", "bootstrap", "--url",
                    keycloak, "--demo-users"), Map.of("STEWARD_KEYCLOAK_ADMIN_PASSWORD", adminPassword,
                    "STEWARD_DEMO_PASSWORD", demoPassword), "bootstrap.log");
            if (bootstrap.waitFor() != 0) {
                throw new IllegalStateException("bootstrap failed; see " + LOGS.resolve("bootstrap.log"));
            }
            int servicePort = freePort();
            service = "http://127.0.0.1:" + servicePort;
            // As `steward serve` runs it (ZGC).
            svc = start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseZGC",
                    "-Dquarkus.http.port=" + servicePort, "-Dquarkus.flyway.clean-at-start=true",
                    "-Dquarkus.flyway.clean-disabled=false", "-Dquarkus.log.level=WARN", "-jar",
                    ROOT.resolve("policy-service/target/quarkus-app/quarkus-run.jar").toString()),
                    Map.of("STEWARD_OIDC_URL", keycloak + "/realms/steward",
                            "STEWARD_DB_REACTIVE_URL", "postgresql://127.0.0.1:5432/test",
                            "STEWARD_DB_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test"), "service.log");
            awaitOk(service + "/q/health/ready", Duration.ofMinutes(1));
            run(token("steward", demoPassword), token("analyst", demoPassword));
        } finally {
            stop(svc);
            stop(kc);
        }
    }

    private static void run(String steward, String analyst) throws Exception {
        System.out.println("registering " + DATASETS + " datasets");
        List<Long> ids = new ArrayList<>();
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<String>> created = new ArrayList<>();
        for (int i = 0; i < DATASETS; i++) {
            String body = String.format(Locale.ROOT, "{\"namespace\": \"s3://lake-%d\", \"name\": \"%s.table_%05d\", "
                    + "\"description\": \"%s data of team %d\", \"classification\": \"%s\"}", i % 10,
                    List.of("sales", "hr", "finance", "marketing").get(i % 4), i, List.of("daily", "raw", "curated").get(i % 3),
                    i % 50, i % 2 == 0 ? "confidential" : "internal");
            inFlight.acquire();
            created.add(send("POST", "/api/v1/datasets", steward, body).whenComplete((r, e) -> inFlight.release()));
        }
        for (CompletableFuture<String> future : created) {
            ids.add(id(future.join()));
        }
        String columns = "[" + String.join(", ", Stream.of("id", "email", "phone", "region", "amount", "status",
                "created_at", "country", "segment", "score", "ssn", "note").map(c -> "{\"name\": \"" + c
                + "\", \"type\": \"string\"}").toList()) + "]";
        System.out.println("schemas, tags and policies on 2,001 datasets");
        List<CompletableFuture<String>> prepared = new ArrayList<>();
        for (long id : ids.subList(0, 2_001)) {
            inFlight.acquire();
            prepared.add(send("PUT", "/api/v1/datasets/" + id + "/schema", steward, "{\"fields\": " + columns + "}")
                    .thenCompose(r -> send("POST", "/api/v1/datasets/" + id + "/tags", steward,
                            "[{\"column\": \"email\", \"entityType\": \"EMAIL_ADDRESS\", \"confidence\": 0.98}, "
                                    + "{\"column\": \"ssn\", \"entityType\": \"US_SSN\", \"confidence\": 0.9}]"))
                    .thenCompose(r -> send("POST", "/api/v1/datasets/" + id + "/policies", steward,
                            "{\"principalKind\": \"role\", \"principal\": \"analyst\", \"effect\": \"allow\", "
                                    + "\"rowFilter\": \"region = 'EU' AND amount < 1000\"}"))
                    .thenCompose(r -> send("POST", "/api/v1/datasets/" + id + "/policies", steward,
                            "{\"principalKind\": \"role\", \"principal\": \"analyst\", \"effect\": \"deny\", "
                                    + "\"columns\": [\"ssn\"]}"))
                    .whenComplete((r, e) -> inFlight.release()));
        }
        prepared.forEach(CompletableFuture::join);

        String decision = "{\"datasetId\": " + ids.get(0) + ", \"columns\": [\"id\", \"email\", \"region\", \"amount\"]}";
        System.out.println("warm-up: 10 s of decisions at " + RATE + "/s");
        openLoop(analyst, List.of(decision), RATE, 10);
        // The floor of this machine, HTTP stack and load generator: the service's most trivial answer.
        System.out.println("measuring: 20 s of GET /config at " + RATE + "/s");
        List<String> noBody = new ArrayList<>();
        noBody.add(null);
        Load floor = openLoop("GET", "/config", "issuer", analyst, noBody, RATE, 20);
        System.out.println("measuring: " + SECONDS + " s of decisions at " + RATE + "/s");
        Load cached = openLoop(analyst, List.of(decision), RATE, SECONDS);

        // Each of 2,000 prepared datasets asked once: no decision or model is cached yet.
        List<String> uncachedRequests = ids.subList(1, 2_001).stream()
                .map(id -> "{\"datasetId\": " + id + ", \"columns\": [\"id\", \"email\", \"ssn\"]}").toList();
        System.out.println("measuring: 2,000 uncached decisions at 200/s");
        Load uncached = openLoop(analyst, uncachedRequests, 200, 10);

        System.out.println("measuring: catalog search over " + DATASETS + " datasets");
        long[] search = new long[200];
        for (int i = -20; i < search.length; i++) {
            long start = System.nanoTime();
            String answer = send("GET", "/api/v1/datasets?q=" + URLEncoder.encode("table_0" + (i & 7),
                    StandardCharsets.UTF_8) + "&limit=100", analyst, null).join();
            if (i >= 0) {
                search[i] = System.nanoTime() - start;
            }
            if (!answer.startsWith("[")) {
                throw new IllegalStateException("search failed: " + answer);
            }
        }
        Arrays.sort(search);
        String report = String.format(Locale.ROOT, """
                ## Policy service: access decisions and catalog search

                Run %s with `benchmarks/run service` on %s. Keycloak 26.7.3 (start-dev) for tokens, the service jar \
                (Quarkus, prod mode, ZGC, as `steward serve` runs it) on the machine's PostgreSQL 15, and the load generator (JDK HttpClient, open \
                loop: each request's latency counts from its scheduled start) all on this machine. %,d datasets in \
                the catalog; decisions by an analyst on a confidential dataset with 12 columns, 2 PII tags, an allow \
                policy with a row filter and a deny policy; every decision also goes to the audit log (batched).

                | load | requests | p50 | p99 | p99.9 | max | errors |
                |---|---:|---:|---:|---:|---:|---:|
                | floor: `GET /config` (no token, no work), %,d/s for 20 s | %,d | %s | %s | %s | %s | %d |
                | decisions, cached, %,d/s for %d s | %,d | %s | %s | %s | %s | %d |
                | decisions, uncached (each of 2,000 datasets once), 200/s | %,d | %s | %s | %s | %s | %d |

                Catalog search (`GET /api/v1/datasets?q=...&limit=100`, substring of namespace, name or \
                description) over %,d datasets, 200 queries after 20 warm-up: p50 %s, p99 %s, max %s.

                Targets: decisions at 1,000/s for 60 s with p99 under 2 ms cached (%s), uncached p99 recorded; \
                catalog search under 50 ms (%s).
                """, LocalDate.now(), DqdlParserBenchmark.Machine.describe(), DATASETS, RATE, floor.count(),
                ms(floor.percentile(50)), ms(floor.percentile(99)), ms(floor.percentile(99.9)), ms(floor.max()),
                floor.errors(), RATE, SECONDS, cached.count(),
                ms(cached.percentile(50)), ms(cached.percentile(99)), ms(cached.percentile(99.9)), ms(cached.max()),
                cached.errors(), uncached.count(), ms(uncached.percentile(50)), ms(uncached.percentile(99)),
                ms(uncached.percentile(99.9)), ms(uncached.max()), uncached.errors(), DATASETS,
                ms(search[search.length / 2]), ms(search[search.length * 99 / 100]), ms(search[search.length - 1]),
                cached.percentile(99) < 2_000_000 && cached.errors() == 0 ? "met" : "NOT met",
                search[search.length * 99 / 100] < 50_000_000 ? "met" : "NOT met");
        System.out.println(report);
        Results.replaceSection(ROOT.resolve("benchmarks/RESULTS.md"), "service", report);
    }

    /** Latencies in nanoseconds, sorted, and the failed requests. */
    private record Load(long[] latencies, int errors) {
        int count() {
            return latencies.length;
        }

        long percentile(double p) {
            return latencies[Math.min(latencies.length - 1, (int) Math.ceil(p / 100 * latencies.length) - 1)];
        }

        long max() {
            return latencies[latencies.length - 1];
        }
    }

    /** Sends at a constant rate regardless of answers; each latency runs from the request's scheduled time. */
    private static Load openLoop(String token, List<String> bodies, int rate, int seconds) throws Exception {
        return openLoop("POST", "/api/v1/access/decisions", "\"columns\"", token, bodies, rate, seconds);
    }

    private static Load openLoop(String method, String path, String expected, String token, List<String> bodies,
                                 int rate, int seconds) throws Exception {
        int total = Math.min(rate * seconds, bodies.size() == 1 ? Integer.MAX_VALUE : bodies.size());
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>(total);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * interval;
            String body = bodies.get(i % bodies.size());
            CompletableFuture<Void> done = new CompletableFuture<>();
            all.add(done);
            clock.schedule(() -> send(method, path, token, body).whenComplete((answer, failure) -> {
                if (failure != null || !answer.contains(expected)) {
                    errors.incrementAndGet();
                } else {
                    latencies.add(System.nanoTime() - scheduled);
                }
                done.complete(null);
            }), scheduled - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(seconds + 60L, TimeUnit.SECONDS);
        clock.shutdown();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Load(sorted, errors.get());
    }

    private static CompletableFuture<String> send(String method, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " "
                        + response.body());
            }
            return response.body();
        });
    }

    private static String token(String user, String password) throws Exception {
        String form = "grant_type=password&client_id=steward-cli&username=" + user + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        // Keycloak's default token lifetime (5 minutes) covers the measured part of the run.
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak
                        + "/realms/steward/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response.body());
        if (!token.find()) {
            throw new IllegalStateException("no token for " + user + ": " + response.body());
        }
        return token.group(1);
    }

    private static long id(String created) {
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created);
        if (!id.find()) {
            throw new IllegalStateException("no id in " + created);
        }
        return Long.parseLong(id.group(1));
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    private static int freePort() throws IOException {
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
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
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
