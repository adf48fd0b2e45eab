package io.steward.benchmarks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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

    private static final int DATASETS = 10_000;
    private static final int RATE = 1_000;
    private static final int SECONDS = 60;
    private static final int CACHED_MINUTES = 3;

    private static RunningService service;

    private ServiceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (RunningService running = RunningService.start("test")) {
            service = running;
            run(running.token("steward"), running.tokens("analyst"));
        }
    }

    private static void run(String steward, RunningService.Token analyst) throws Exception {
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
            created.add(service.send("POST", "/api/v1/datasets", steward, body).whenComplete((r, e) -> inFlight.release()));
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
            prepared.add(service.send("PUT", "/api/v1/datasets/" + id + "/schema", steward, "{\"fields\": " + columns + "}")
                    .thenCompose(r -> service.send("POST", "/api/v1/datasets/" + id + "/tags", steward,
                            "[{\"column\": \"email\", \"entityType\": \"EMAIL_ADDRESS\", \"confidence\": 0.98}, "
                                    + "{\"column\": \"ssn\", \"entityType\": \"US_SSN\", \"confidence\": 0.9}]"))
                    .thenCompose(r -> service.send("POST", "/api/v1/datasets/" + id + "/policies", steward,
                            "{\"principalKind\": \"role\", \"principal\": \"analyst\", \"effect\": \"allow\", "
                                    + "\"rowFilter\": \"region = 'EU' AND amount < 1000\"}"))
                    .thenCompose(r -> service.send("POST", "/api/v1/datasets/" + id + "/policies", steward,
                            "{\"principalKind\": \"role\", \"principal\": \"analyst\", \"effect\": \"deny\", "
                                    + "\"columns\": [\"ssn\"]}"))
                    .whenComplete((r, e) -> inFlight.release()));
        }
        prepared.forEach(CompletableFuture::join);

        System.out.println("measuring: 20 s of timer wake-ups, every service idle");
        Load wakeUps = wakeUpLateness(20);
        String decision = "{\"datasetId\": " + ids.get(0) + ", \"columns\": [\"id\", \"email\", \"region\", \"amount\"]}";
        System.out.println("warm-up: 10 s of decisions at " + RATE + "/s");
        openLoop(analyst.get(), List.of(decision), RATE, 10);
        // The floor of this machine, HTTP stack and load generator: the service's most trivial answer.
        System.out.println("measuring: 20 s of GET /config at " + RATE + "/s");
        List<String> noBody = new ArrayList<>();
        noBody.add(null);
        openLoop("GET", "/config", "issuer", analyst.get(), noBody, RATE, 5); // warm-up of this path too
        Load floor = openLoop("GET", "/config", "issuer", analyst.get(), noBody, RATE, 20);
        // Three minutes, each measured on its own: one good minute on a VM whose wake-ups are now
        // and then late by milliseconds could be luck; the target holds only if each minute meets it.
        List<Load> cached = new ArrayList<>();
        for (int minute = 1; minute <= CACHED_MINUTES; minute++) {
            System.out.println("measuring: " + SECONDS + " s of decisions at " + RATE + "/s (" + minute + " of "
                    + CACHED_MINUTES + ")");
            cached.add(openLoop(analyst.get(), List.of(decision), RATE, SECONDS));
        }

        // Each of 2,000 prepared datasets asked once: no decision or model is cached yet.
        List<String> uncachedRequests = ids.subList(1, 2_001).stream()
                .map(id -> "{\"datasetId\": " + id + ", \"columns\": [\"id\", \"email\", \"ssn\"]}").toList();
        System.out.println("measuring: 2,000 uncached decisions at 200/s");
        Load uncached = openLoop(analyst.get(), uncachedRequests, 200, 10);

        System.out.println("measuring: catalog search over " + DATASETS + " datasets");
        long[] search = new long[200];
        for (int i = -20; i < search.length; i++) {
            long start = System.nanoTime();
            String answer = service.send("GET", "/api/v1/datasets?q=" + URLEncoder.encode("table_0" + (i & 7),
                    StandardCharsets.UTF_8) + "&limit=100", analyst.get(), null).join();
            if (i >= 0) {
                search[i] = System.nanoTime() - start;
            }
            if (!answer.startsWith("[")) {
                throw new IllegalStateException("search failed: " + answer);
            }
        }
        Arrays.sort(search);
        List<String> rows = new ArrayList<>();
        rows.add(row("floor: `GET /config` (no token, no work), " + String.format(Locale.ROOT, "%,d", RATE) + "/s for 20 s",
                floor));
        for (int minute = 1; minute <= cached.size(); minute++) {
            rows.add(row(String.format(Locale.ROOT, "decisions, cached, %,d/s for %d s (minute %d of %d)", RATE, SECONDS,
                    minute, cached.size()), cached.get(minute - 1)));
        }
        rows.add(row("decisions, uncached (each of 2,000 datasets once), 200/s", uncached));
        String report = String.format(Locale.ROOT, """
                ## Policy service: access decisions and catalog search

                Run %s with `benchmarks/run service` on %s. Keycloak 26.7.3 (start-dev) for tokens, the service jar \
                (Quarkus, prod mode, JVM options `%s` from `conf/service-java-options`, as `steward serve` runs it) on the machine's PostgreSQL 15, and the load generator (Netty HTTP/1.1 keep-alive connections, open \
                loop: each request's latency counts from its scheduled start) all on this machine. %,d datasets in \
                the catalog; decisions by an analyst on a confidential dataset with 12 columns, 2 PII tags, an allow \
                policy with a row filter and a deny policy; every decision also goes to the audit log (batched).

                | load | requests | p50 | p99 | p99.9 | max | errors |
                |---|---:|---:|---:|---:|---:|---:|
                %s

                Catalog search (`GET /api/v1/datasets?q=...&limit=100`, substring of namespace, name or \
                description) over %,d datasets, 200 queries after 20 warm-up: p50 %s, p99 %s, max %s.

                Targets: decisions at 1,000/s for 60 s with p99 under 2 ms cached (%s, in each of %d minutes), \
                uncached p99 recorded; \
                catalog search under 50 ms (%s). The floor row is the same load on an endpoint that does nothing: \
                when its own p99 is above 2 ms, the tail is this machine's and the load generator's (both JVMs, \
                Keycloak and PostgreSQL on 2 shared cores; the benchmark log prints the requests over 2 ms in each \
                second), and no decision path can be measured under it here. Below that floor is the machine's own: \
                a thread of the load generator waking every millisecond for 20 s, with the service, Keycloak and \
                PostgreSQL idle, woke late by p50 %s, p99 %s, p99.9 %s, max %s; %,d of %,d wake-ups were a \
                millisecond or more late.
                """, LocalDate.now(), DqdlParserBenchmark.Machine.describe(), RunningService.javaOptions(), DATASETS,
                String.join("\n", rows),
                DATASETS, ms(search[search.length / 2]), ms(search[search.length * 99 / 100]),
                ms(search[search.length - 1]),
                cached.stream().allMatch(load -> load.percentile(99) < 2_000_000 && load.errors() == 0) ? "met" : "NOT met",
                CACHED_MINUTES,
                search[search.length * 99 / 100] < 50_000_000 ? "met" : "NOT met",
                ms(wakeUps.percentile(50)), ms(wakeUps.percentile(99)), ms(wakeUps.percentile(99.9)), ms(wakeUps.max()),
                Arrays.stream(wakeUps.latencies()).filter(late -> late >= 1_000_000).count(), wakeUps.count());
        System.out.println(report);
        Results.replaceSection(RunningService.ROOT.resolve("benchmarks/RESULTS.md"), "service", report);
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
        long[] byRequest = new long[total];
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(total);
        long interval = 1_000_000_000L / rate;
        // Each request is sent at its time by a task on the client's event loop, the thread its
        // answer will arrive on, and that task schedules the next: no thread hand-off per request
        // (a sender thread of its own was one more wake-up per request). A task that runs late
        // sends late and its latency says so; the next is scheduled from the plan, not from it.
        // (A clock ticking every 100 µs was 10,000 wake-ups a second on 2 shared cores; scheduling
        // every request up front cost a second of the generator's work at the start of a load.)
        long start = System.nanoTime() + 10_000_000;
        LocalTime startedAt = LocalTime.now();
        service.at(start, new Runnable() {
            private int index;

            @Override
            public void run() {
                int sent = index++;
                long scheduled = start + sent * interval;
                if (index < total) {
                    service.at(start + index * interval, this);
                }
                service.send(method, path, token, bodies.get(sent % bodies.size())).whenComplete((answer, failure) -> {
                    if (failure != null || !answer.contains(expected)) {
                        errors.incrementAndGet();
                    } else {
                        byRequest[sent] = System.nanoTime() - scheduled;
                    }
                    answered.countDown();
                });
            }
        });
        boolean done = answered.await(seconds + 60L, TimeUnit.SECONDS);
        if (!done) {
            throw new IllegalStateException(answered.getCount() + " requests to " + path + " unanswered");
        }
        printSeconds(path, startedAt, byRequest, rate);
        long[] sorted = Arrays.stream(byRequest).filter(latency -> latency > 0).sorted().toArray();
        return new Load(sorted, errors.get());
    }

    /**
     * How late a thread that sleeps until each millisecond wakes up, with nothing else to do: what
     * the machine (here a VM on 2 cores) adds to any latency measured on it.
     */
    private static Load wakeUpLateness(int seconds) {
        long[] late = new long[seconds * 1_000];
        long next = System.nanoTime();
        for (int i = 0; i < late.length; i++) {
            next += 1_000_000;
            for (long now = System.nanoTime(); now < next; now = System.nanoTime()) {
                LockSupport.parkNanos(next - now);
            }
            late[i] = System.nanoTime() - next;
        }
        Arrays.sort(late);
        return new Load(late, 0);
    }

    /**
     * Each second of a load, as "requests over 2 ms / slowest ms": tells one stall (a few bad
     * seconds) from a tail spread over the whole run, which the percentiles alone cannot.
     */
    private static void printSeconds(String path, LocalTime startedAt, long[] byRequest, int rate) {
        StringBuilder line = new StringBuilder(path + " from " + startedAt
                + ", per second (requests over 2 ms/slowest ms):");
        for (int second = 0; second * rate < byRequest.length; second++) {
            int slow = 0;
            long slowest = 0;
            for (int i = second * rate; i < Math.min(byRequest.length, (second + 1) * rate); i++) {
                slow += byRequest[i] > 2_000_000 ? 1 : 0;
                slowest = Math.max(slowest, byRequest[i]);
            }
            line.append(' ').append(slow).append('/').append(slowest / 1_000_000);
        }
        System.out.println(line);
    }

    private static long id(String created) {
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created);
        if (!id.find()) {
            throw new IllegalStateException("no id in " + created);
        }
        return Long.parseLong(id.group(1));
    }

    private static String row(String load, Load measured) {
        return String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s | %d |", load, measured.count(),
                ms(measured.percentile(50)), ms(measured.percentile(99)), ms(measured.percentile(99.9)),
                ms(measured.max()), measured.errors());
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
}
