package io.steward.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lineage collector under load, on the deployed service (Keycloak tokens, the service jar on
 * the machine's PostgreSQL, a database of its own):
 *
 * <ol>
 *   <li>Ingest of 100,000 realistic RunEvents (START and COMPLETE of 50,000 runs of 1,000 jobs,
 *       each event with schemas and column lineage for 20 to 50 columns), in batches of 100 from
 *       4 concurrent producers that retry what fails; the service is restarted (SIGTERM, start)
 *       when half the events are acknowledged. Afterwards the database must hold every event
 *       exactly once. Baseline, same run: events sent one per request, as OpenLineage's HTTP
 *       transport sends them.</li>
 *   <li>Depth-5 lineage (Marquez' GET /api/v1/lineage) on a generated graph of 100,000 datasets.</li>
 *   <li>Depth-5 column lineage up and downstream over 1,000,000+ column edges.</li>
 * </ol>
 */
public final class LineageBenchmark {

    private static final String DATABASE = "steward_bench";
    private static final int EVENTS = 100_000;
    private static final int BATCH = 100;
    private static final int PRODUCERS = 4;
    private static final int JOBS = 1_000;
    private static final int BASELINE_EVENTS = 4_000;
    private static final int QUERIES = 200;
    /** Queries on other random nodes first, so the service's query paths are compiled (JIT) when measured. */
    private static final int WARM_UP = 200;

    private LineageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        psql("postgres", "drop database if exists " + DATABASE + " with (force)");
        psql("postgres", "create database " + DATABASE);
        try (RunningService service = RunningService.start(DATABASE)) {
            Ingest batched = ingest(service, 0, EVENTS, BATCH, true);
            long stored = Long.parseLong(psql(DATABASE, "select count(*) from lineage_event").trim());
            long runs = Long.parseLong(psql(DATABASE, "select count(*) from lineage_run").trim());
            long edges = Long.parseLong(psql(DATABASE, "select count(*) from column_lineage").trim());
            Ingest single = ingest(service, EVENTS, BASELINE_EVENTS, 1, false);

            System.out.println("generating the query graph");
            Path script = Files.createTempFile("steward-lineage-graph", ".sql");
            Files.writeString(script, GRAPH_SQL);
            psqlFile(DATABASE, script);
            Files.delete(script);
            long graphDatasets = Long.parseLong(psql(DATABASE,
                    "select count(*) from dataset where namespace = 'bench-graph'").trim());
            long graphEdges = Long.parseLong(psql(DATABASE, "select count(*) from column_lineage").trim());
            String token = service.token("analyst");
            Queries lineage = queries(service, token, i -> "/api/v1/lineage?nodeId=dataset:bench-graph:ds_" + i
                    + "&depth=5", "\"id\":\"dataset:");
            Queries columns = queries(service, token, i -> "/api/v1/column-lineage?nodeId=datasetField:bench-graph:ds_"
                    + i + ":c3&depth=5&withDownstream=true", "\"id\":\"datasetField:");

            String report = String.format(Locale.ROOT, """
                    ## Lineage: OpenLineage ingest, lineage and column lineage queries

                    Run %s with `benchmarks/run lineage` on %s. Keycloak 26.7.3 for tokens, the service jar (prod mode, \
                    JVM options `%s` from `conf/service-java-options`, as `steward serve` runs it) on the machine's PostgreSQL 15 (database `%s`), and the producers \
                    (HTTP/1.1 keep-alive connections, Netty) all on this machine.

                    **Ingest.** %,d RunEvents: START and COMPLETE of %,d runs of %,d generated Spark-like jobs, each \
                    event with the schemas of its 1 to 3 inputs and its output and column lineage for 20 to 50 output \
                    columns (identity, transformations, a hashed column with the masking flag, join keys as \
                    dataset-level INDIRECT edges); mean event size %,d bytes. %d producers send batches (a JSON array, \
                    made before the clock starts, as producers on other machines would) and retry what fails; the service was restarted when half the events were acknowledged \
                    (down %.1f s).

                    | ingest | events | wall time | events/s | retried requests | duplicates reported |
                    |---|---:|---:|---:|---:|---:|
                    | Steward, batches of %d, restart included | %,d | %.1f s | %,.0f | %d | %,d |
                    | Steward, batches of %d, excluding the restart's downtime | %,d | %.1f s | %,.0f | | |
                    | baseline: one event per request (OpenLineage's HTTP transport), %d producers | %,d | %.1f s | %,.0f | %d | %,d |

                    After the run the database held %,d events (expected %,d: nothing lost, nothing twice), %,d runs \
                    and %,d column lineage edges (each job shape's edges are written once).

                    **Queries** on a generated graph of %,d datasets (2,000 pipelines of 50 datasets, each dataset \
                    written by a job reading 1 or 2 earlier datasets of its pipeline, every tenth also a source of \
                    the next pipeline) and %,d column lineage edges (10 columns per dataset), each job with a run on \
                    each of the last five days, so every edge a walk follows is checked live against its job's latest \
                    run (retired edges are not shown); %d queries on random nodes after %d warm-up, one at a time:

                    | query | p50 | p95 | p99 | max | nodes returned (median) |
                    |---|---:|---:|---:|---:|---:|
                    | `GET /api/v1/lineage?nodeId=dataset:...&depth=5` | %s | %s | %s | %s | %d |
                    | `GET /api/v1/column-lineage?nodeId=datasetField:...&depth=5&withDownstream=true` | %s | %s | %s | %s | %d |

                    Targets: ingest at least 2,000 events/s with nothing lost across a restart (%s); depth-5 lineage \
                    over 100,000 datasets p95 under 50 ms (%s); depth-5 column lineage over 1,000,000 edges p95 under \
                    100 ms (%s).
                    """, LocalDate.now(), DqdlParserBenchmark.Machine.describe(), RunningService.javaOptions(), DATABASE, EVENTS, EVENTS / 2, JOBS,
                    batched.bytes() / EVENTS, PRODUCERS, batched.downSeconds(),
                    BATCH, EVENTS, batched.seconds(), EVENTS / batched.seconds(), batched.retries(), batched.duplicates(),
                    BATCH, EVENTS, batched.seconds() - batched.downSeconds(),
                    EVENTS / (batched.seconds() - batched.downSeconds()),
                    PRODUCERS, BASELINE_EVENTS, single.seconds(), BASELINE_EVENTS / single.seconds(), single.retries(),
                    single.duplicates(),
                    stored, EVENTS, runs, edges,
                    graphDatasets, graphEdges, QUERIES, WARM_UP,
                    ms(lineage.percentile(50)), ms(lineage.percentile(95)), ms(lineage.percentile(99)),
                    ms(lineage.percentile(100)), lineage.medianNodes(),
                    ms(columns.percentile(50)), ms(columns.percentile(95)), ms(columns.percentile(99)),
                    ms(columns.percentile(100)), columns.medianNodes(),
                    stored == EVENTS && EVENTS / batched.seconds() >= 2_000 ? "met" : "NOT met",
                    lineage.percentile(95) < 50_000_000 ? "met" : "NOT met",
                    columns.percentile(95) < 100_000_000 ? "met" : "NOT met");
            System.out.println(report);
            Results.replaceSection(RunningService.ROOT.resolve("benchmarks/RESULTS.md"), "lineage", report);
        }
        // Half a gigabyte of generated graph is not left behind on the machine's PostgreSQL.
        psql("postgres", "drop database if exists " + DATABASE + " with (force)");
    }

    /** What one ingest run did: its wall time, the restart's downtime, retries and duplicates reported. */
    private record Ingest(double seconds, double downSeconds, int retries, long duplicates, long bytes) {
    }

    /**
     * Sends events [first, first + count) in batches from PRODUCERS threads, each batch retried
     * until the service accepts it; with restart, the service is restarted at half way.
     */
    private static Ingest ingest(RunningService service, int first, int count, int batch, boolean restart)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicBoolean restarted = new AtomicBoolean(!restart);
        long[] down = new long[1];
        RunningService.Token token = service.tokens("job");
        int batches = (count + batch - 1) / batch;
        // The producers of a real deployment run on other machines: their events are made before
        // the clock starts, so that making them does not take the service's CPU during the run.
        System.out.printf("generating %,d events%n", count);
        byte[][] bodies = new byte[batches][];
        for (int b = 0; b < batches; b++) {
            StringBuilder body = new StringBuilder(batch == 1 ? "" : "[");
            for (int i = b * batch; i < Math.min(count, (b + 1) * batch); i++) {
                if (body.length() > 1) {
                    body.append(',');
                }
                body.append(EventGenerator.event(first + i));
            }
            if (batch > 1) {
                body.append(']');
            }
            bodies[b] = body.toString().getBytes(StandardCharsets.UTF_8);
            bytes.addAndGet(bodies[b].length);
        }
        System.out.printf("ingesting %,d events in batches of %d%n", count, batch);
        long start = System.nanoTime();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            Thread producer = new Thread(() -> {
                for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                    String answer = sendWithRetry(service, token, bodies[b], retries);
                    Matcher dup = Pattern.compile("\"duplicates\":(\\d+)").matcher(answer);
                    if (dup.find()) {
                        duplicates.addAndGet(Long.parseLong(dup.group(1)));
                    }
                    if (acknowledged.incrementAndGet() == batches / 2 && restarted.compareAndSet(false, true)) {
                        Thread restarter = new Thread(() -> {
                            long t0 = System.nanoTime();
                            try {
                                service.restartService();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            down[0] = System.nanoTime() - t0;
                            System.out.printf("service restarted in %.1f s%n", down[0] / 1e9);
                        });
                        restarter.start();
                    }
                }
            });
            producer.start();
            producers.add(producer);
        }
        for (Thread producer : producers) {
            producer.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%,d events in %.1f s: %,.0f events/s%n", count, seconds, count / seconds);
        return new Ingest(seconds, down[0] / 1e9, retries.get(), duplicates.get(), bytes.get());
    }

    /** A client that retries: connection refused, timeouts and 5xx while the service restarts. */
    private static String sendWithRetry(RunningService service, RunningService.Token token, byte[] body, AtomicInteger retries) {
        for (int attempt = 0; ; attempt++) {
            try {
                return service.sendBytes("POST", "/api/v1/lineage", token.get(), body).join();
            } catch (CompletionException e) {
                String message = String.valueOf(e.getCause());
                if (message.contains("HTTP 4") && !message.contains("HTTP 401")) {
                    throw new IllegalStateException("refused: " + message.substring(0, Math.min(500, message.length())));
                }
                retries.incrementAndGet();
                try {
                    Thread.sleep(Math.min(2_000, 100L << Math.min(attempt, 4)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }

    /** Latencies (ns, sorted) and the node count of each answer. */
    private record Queries(long[] latencies, int medianNodes) {
        long percentile(double p) {
            return latencies[Math.min(latencies.length - 1, (int) Math.ceil(p / 100 * latencies.length) - 1)];
        }
    }

    private static Queries queries(RunningService service, String token, java.util.function.IntFunction<String> path,
                                   String nodeMarker) {
        SplittableRandom random = new SplittableRandom(20261127);
        long[] latencies = new long[QUERIES];
        int[] nodes = new int[QUERIES];
        for (int q = -WARM_UP; q < QUERIES; q++) {
            // Any dataset past its pipeline's raw sources, pipelines all over the graph.
            int dataset = random.nextInt(2_000) * 50 + 5 + random.nextInt(45);
            long start = System.nanoTime();
            String answer = service.send("GET", path.apply(dataset), token, null).join();
            long took = System.nanoTime() - start;
            if (q >= 0) {
                latencies[q] = took;
                nodes[q] = answer.split(Pattern.quote(nodeMarker), -1).length - 1;
            }
        }
        Arrays.sort(latencies);
        Arrays.sort(nodes);
        return new Queries(latencies, nodes[QUERIES / 2]);
    }

    /**
     * Spark-like RunEvents, the same for the same index: event 2k is the START and 2k+1 the
     * COMPLETE of run k, of job k % JOBS. Job j reads 1 to 3 datasets (raw sources or earlier
     * jobs' outputs) and writes out_j with 20 to 50 columns.
     */
    static final class EventGenerator {
        private static final Instant EPOCH = Instant.parse("2026-11-01T00:00:00Z");
        private static final Shape[] SHAPES = java.util.stream.IntStream.range(0, JOBS).mapToObj(EventGenerator::shape)
                .toArray(Shape[]::new);

        /** A job's shape, fixed by its number: its inputs and its output's width. */
        private record Shape(List<String> inputs, List<Integer> inputWidths, int width) {
        }

        private static Shape shape(int job) {
            SplittableRandom random = new SplittableRandom(job * 7_919L);
            int inputs = 1 + random.nextInt(3);
            int width = 20 + random.nextInt(31);
            List<String> names = new ArrayList<>();
            List<Integer> widths = new ArrayList<>();
            for (int i = 0; i < inputs; i++) {
                if (job < 50 || random.nextInt(3) == 0) {
                    names.add("raw.source_" + random.nextInt(200));
                    widths.add(40);
                } else {
                    int upstream = random.nextInt(job);
                    names.add("mart.out_" + upstream);
                    SplittableRandom upstreamShape = new SplittableRandom(upstream * 7_919L);
                    upstreamShape.nextInt(3);
                    widths.add(20 + upstreamShape.nextInt(31)); // the upstream job's output width, as drawn above

                }
            }
            return new Shape(names, widths, width);
        }

        static String event(int index) {
            int run = index / 2;
            boolean complete = index % 2 == 1;
            int job = run % JOBS;
            Shape shape = SHAPES[job];
            int inputs = shape.inputs().size();
            int width = shape.width();
            List<String> inputNames = shape.inputs();
            StringBuilder e = new StringBuilder(16_384);
            e.append("{\"eventType\":\"").append(complete ? "COMPLETE" : "START").append("\",\"eventTime\":\"")
                    .append(EPOCH.plusSeconds(run * 2L + (complete ? 1 : 0))).append("\",")
                    .append("\"producer\":\"https://github.com/OpenLineage/OpenLineage/tree/1.53.0/integration/spark\",")
                    .append("\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\",")
                    .append("\"run\":{\"runId\":\"").append(new UUID(0x5eed_0000_0000_0000L | run, run * 31L + 7))
                    .append("\",\"facets\":{\"processing_engine\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",")
                    .append("\"version\":\"3.5.9\",\"name\":\"spark\"}}},")
                    .append("\"job\":{\"namespace\":\"spark\",\"name\":\"etl.job_").append(job)
                    .append("\",\"facets\":{\"jobType\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",")
                    .append("\"processingType\":\"BATCH\",\"integration\":\"SPARK\",\"jobType\":\"SQL_JOB\"}}},")
                    .append("\"inputs\":[");
            for (int i = 0; i < inputs; i++) {
                if (i > 0) {
                    e.append(',');
                }
                e.append("{\"namespace\":\"s3://lake\",\"name\":\"").append(inputNames.get(i))
                        .append("\",\"facets\":{\"schema\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"fields\":[");
                for (int c = 0; c < shape.inputWidths().get(i); c++) {
                    e.append(c == 0 ? "" : ",").append("{\"name\":\"c").append(c).append("\",\"type\":\"string\"}");
                }
                e.append("]}}}");
            }
            e.append("],\"outputs\":[{\"namespace\":\"s3://lake\",\"name\":\"mart.out_").append(job)
                    .append("\",\"facets\":{\"schema\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"fields\":[");
            for (int c = 0; c < width; c++) {
                e.append(c == 0 ? "" : ",").append("{\"name\":\"c").append(c).append("\",\"type\":\"string\"}");
            }
            e.append("]},\"columnLineage\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"fields\":{");
            for (int c = 0; c < width; c++) {
                String input = inputNames.get(c % inputs);
                int from = (c * 7 + job) % shape.inputWidths().get(c % inputs);
                String type = c == 3 ? "\"type\":\"DIRECT\",\"subtype\":\"TRANSFORMATION\",\"description\":\"sha2\","
                        + "\"masking\":true" : c % 5 == 0 ? "\"type\":\"DIRECT\",\"subtype\":\"TRANSFORMATION\","
                        + "\"masking\":false" : c % 11 == 0 ? "\"type\":\"DIRECT\",\"subtype\":\"AGGREGATION\","
                        + "\"masking\":false" : "\"type\":\"DIRECT\",\"subtype\":\"IDENTITY\",\"masking\":false";
                e.append(c == 0 ? "" : ",").append("\"c").append(c).append("\":{\"inputFields\":[{\"namespace\":")
                        .append("\"s3://lake\",\"name\":\"").append(input).append("\",\"field\":\"c").append(from)
                        .append("\",\"transformations\":[{").append(type).append("}]}]}");
            }
            e.append("},\"dataset\":[{\"namespace\":\"s3://lake\",\"name\":\"").append(inputNames.get(0))
                    .append("\",\"field\":\"c0\",\"transformations\":[{\"type\":\"INDIRECT\",\"subtype\":\"JOIN\"}]}]}}");
            if (complete) {
                e.append(",\"outputFacets\":{\"outputStatistics\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",")
                        .append("\"rowCount\":").append(1_000 + run % 977).append(",\"size\":")
                        .append(65_536 + run % 4_093).append("}}");
            }
            e.append("}]}");
            return e.toString();
        }
    }

    /** The query graph: 100,000 datasets in 2,000 pipelines, their jobs, and 10 columns' lineage each. */
    private static final String GRAPH_SQL = """
            insert into dataset (namespace, name) select 'bench-graph', 'ds_' || i from generate_series(0, 99999) i;
            insert into job (namespace, name) select 'bench-graph', 'job_' || i from generate_series(0, 99999) i
                where i % 50 >= 5;
            create temp table d as select id, substr(name, 4)::int as i from dataset where namespace = 'bench-graph';
            create temp table j as select id, substr(name, 5)::int as i from job where namespace = 'bench-graph';
            create index on d (i);
            create index on j (i);
            -- Each job j_i writes ds_i, reads ds_(i-1) and maybe an earlier one of its pipeline; every tenth
            -- dataset of a pipeline is also read by the next pipeline's job at the same position.
            create temp table io as
                select j.id as job, j.i, j.i as ds, 'output' as direction from j
                union all select j.id, j.i, j.i - 1, 'input' from j
                union all select j.id, j.i, j.i - 2 - (j.i * 7919) % 3, 'input' from j
                    where j.i % 50 - 2 - (j.i * 7919) % 3 >= 0 and (j.i::bigint * 104729) % 2 = 0
                union all select j.id, j.i, ((j.i / 50 + 1999) % 2000) * 50 + j.i % 50, 'input' from j where j.i % 10 = 0;
            insert into job_io (job_id, dataset_id, direction, first_seen)
                select io.job, d.id, io.direction, now() - interval '1 day' from io join d on d.i = io.ds
                on conflict do nothing;
            -- Column c_k of ds_i from a column of ds_(i-1); every fifth column also from the second input.
            insert into column_lineage (output_dataset_id, output_column, input_dataset_id, input_column, transformation,
                                        subtype, masking, first_seen)
                select o.id, 'c' || k, p.id, 'c' || ((k + o.i) % 10), 'DIRECT',
                       case when k % 4 = 0 then 'TRANSFORMATION' else 'IDENTITY' end, k = 7, now() - interval '1 day'
                from d o join d p on p.i = o.i - 1, generate_series(0, 9) k where o.i % 50 >= 5
                on conflict do nothing;
            insert into column_lineage (output_dataset_id, output_column, input_dataset_id, input_column, transformation,
                                        subtype, masking, first_seen)
                select o.id, 'c' || k, p.id, 'c' || k, 'INDIRECT', 'JOIN', false, now() - interval '1 day'
                from io join d o on o.i = io.i join d p on p.i = io.ds, generate_series(0, 9, 5) k
                where io.direction = 'input' and io.ds <> io.i - 1
                on conflict do nothing;
            -- Each job has one shape, reported by a run on each of the last five days, holding all its edges:
            -- queries check that an edge is live (V006) as they would on lineage ingested from runs.
            insert into job_version (job_id, version, created_at) select id, 'v1', now() - interval '5 days' from j;
            insert into job_shape (job_id, run_id, job_version_id, began_at)
                select v.job_id, cast(md5('bench run ' || v.job_id || ' ' || day) as uuid), v.id, now() - day * interval '1 day'
                from job_version v join j on j.id = v.job_id, generate_series(1, 5) day;
            insert into job_version_io (job_version_id, dataset_id, direction)
                select v.id, io.dataset_id, io.direction from job_io io join j on j.id = io.job_id
                join job_version v on v.job_id = io.job_id;
            insert into job_version_column_lineage (job_version_id, column_lineage_id)
                select v.id, l.id from column_lineage l join d on d.id = l.output_dataset_id join j on j.i = d.i
                join job_version v on v.job_id = j.id;
            analyze;
            """;

    static String psql(String database, String sql) throws IOException, InterruptedException {
        return run(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-Atqc",
                sql));
    }

    private static void psqlFile(String database, Path file) throws IOException, InterruptedException {
        run(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-q", "-f",
                file.toString()));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command.subList(0, 6)) + " failed: " + output);
        }
        return output;
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
