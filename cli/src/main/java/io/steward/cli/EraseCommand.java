package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** `steward erase ...`: GDPR erase requests in the policy service (needs `steward login` as a compliance officer). */
@Command(
        name = "erase",
        mixinStandardHelpOptions = true,
        description = {"GDPR erase requests: file one for a data subject, see its plan (every column that can hold the "
                + "subject, found through PII tags, column names and lineage), approve it (a compliance officer other "
                + "than the requester) or reject it with a reason.",
                "",
                "Exit codes: 0 done, 2 usage error, refused or not found."},
        subcommands = {EraseCommand.Request.class, EraseCommand.ListRequests.class, EraseCommand.Show.class,
                EraseCommand.Plan.class, EraseCommand.Count.class, EraseCommand.Approve.class, EraseCommand.Reject.class,
                EraseCommand.Run.class, EraseCommand.Certify.class, EraseCommand.VerifyCertificate.class,
                CommandLine.HelpCommand.class})
final class EraseCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The options of the commands that read the subject's data on Spark, keyed masks included. */
    static final class SparkRun {

        @Option(names = "--key-file", paramLabel = "FILE", description = "The masking key behind HASH and TOKENIZE "
                + "masks (default: STEWARD_MASKING_KEY).")
        java.nio.file.Path keyFile;

        @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
                description = "Spark master (default: ${DEFAULT-VALUE}).")
        String master;
    }

    /** The options every subcommand shares, and how a request is printed. */
    abstract static class ServiceCall implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--server", required = true, paramLabel = "URL", description = "The policy service.")
        String server;

        @Option(names = "--json", description = "Print the service's answer as JSON.")
        boolean json;

        abstract JsonNode send(ServiceClient service);

        @Override
        public Integer call() {
            JsonNode answer = send(new ServiceClient(server));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(answer.toPrettyString());
            } else if (answer.isArray()) {
                answer.forEach(r -> out.printf("%d  %-9s due %s  %s  by %s  (%s)%n", r.path("id").asLong(),
                        r.path("state").asText(), r.path("dueDate").asText(), r.path("legalBasis").asText(),
                        r.path("requester").asText(), String.join(", ", texts(r.path("identifierKinds")))));
            } else {
                print(out, answer);
            }
            return Steward.OK;
        }

        private static void print(PrintWriter out, JsonNode r) {
            out.printf("Erase request %d: %s%s (due %s, %s, requested by %s)%n", r.path("id").asLong(),
                    r.path("state").asText(), r.path("reason").isTextual() ? " - " + r.path("reason").asText() : "",
                    r.path("dueDate").asText(), r.path("legalBasis").asText(), r.path("requester").asText());
            r.path("identifiers").forEach(i -> out.printf("  subject %s = %s%n", i.path("kind").asText(),
                    i.path("value").asText()));
            if (!r.path("plan").isEmpty()) {
                out.println("  plan:");
                r.path("plan").forEach(p -> out.printf("    %-6s %s.%s  (%s%s; %s)%n", p.path("action").asText(),
                        p.path("dataset").asText(), p.path("column").asText(), p.path("identifier").asText(),
                        p.path("masked").isTextual() ? ", masked by " + p.path("masked").asText() : "",
                        p.path("foundBy").asText()));
            }
            r.path("counts").forEach(c -> out.printf("  count  %s: %s%n", c.path("dataset").asText(),
                    c.path("rows").isNumber() ? c.path("matching").asLong() + " of " + c.path("rows").asLong() + " rows"
                            + (c.path("note").isTextual() ? " (" + c.path("note").asText() + ")" : "")
                            : "not counted: " + c.path("note").asText()));
            r.path("transitions").forEach(t -> out.printf("  %s  %s -> %s by %s%s%n", t.path("at").asText(),
                    t.path("from").isTextual() ? t.path("from").asText() : "-", t.path("to").asText(),
                    t.path("actor").asText(), t.path("reason").isTextual() ? ": " + t.path("reason").asText() : ""));
        }

        private static List<String> texts(JsonNode array) {
            List<String> texts = new ArrayList<>();
            array.forEach(n -> texts.add(n.asText()));
            return texts;
        }
    }

    @Command(name = "request", mixinStandardHelpOptions = true,
            description = "File an erase request for a data subject; you become its requester.")
    static final class Request extends ServiceCall {

        @Option(names = "--identifier", required = true, paramLabel = "KIND=VALUE",
                description = "How the subject is recognized, e.g. email=ann@example.com, customer_id=42 (repeatable).")
        List<String> identifiers;

        @Option(names = "--legal-basis", required = true, paramLabel = "TEXT", description = "e.g. \"GDPR Art. 17(1)(a)\"")
        String legalBasis;

        @Option(names = "--due", paramLabel = "DATE", description = "Due date (YYYY-MM-DD); default 30 days from today.")
        LocalDate due;

        @Override
        JsonNode send(ServiceClient service) {
            List<Map<String, String>> ids = new ArrayList<>();
            for (String identifier : identifiers) {
                int equals = identifier.indexOf('=');
                if (equals < 1) {
                    throw new InputException("--identifier takes KIND=VALUE (email=ann@example.com), found '"
                            + identifier + "'");
                }
                ids.add(Map.of("kind", identifier.substring(0, equals), "value", identifier.substring(equals + 1)));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("identifiers", ids);
            body.put("legalBasis", legalBasis);
            if (due != null) {
                body.put("dueDate", due.toString());
            }
            return service.post("/api/v1/erase-requests", body);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List erase requests, soonest due first.")
    static final class ListRequests extends ServiceCall {

        @Option(names = "--state", paramLabel = "STATE", description = "Only requests in this state (received, planned, "
                + "approved, executing, verified, completed, rejected, failed).")
        String state;

        @Override
        JsonNode send(ServiceClient service) {
            return service.get("/api/v1/erase-requests" + (state == null ? "" : "?state=" + state));
        }
    }

    /** The subcommands that act on one request by its id. */
    abstract static class OnRequest extends ServiceCall {

        @Parameters(index = "0", paramLabel = "ID", description = "The erase request.")
        long id;

        String path(String action) {
            return "/api/v1/erase-requests/" + id + (action.isEmpty() ? "" : "/" + action);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a request: subject, plan, transitions.")
    static final class Show extends OnRequest {
        @Override
        JsonNode send(ServiceClient service) {
            return service.get(path(""));
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Plan (or plan again) a received request: every column that can hold the subject.")
    static final class Plan extends OnRequest {
        @Override
        JsonNode send(ServiceClient service) {
            return service.post(path("plan"), null);
        }
    }

    /** A request's subject and plan as the Spark jobs take them: identifier values by kind, datasets with their columns. */
    record Planned(Map<String, List<String>> identifiers, List<PlannedDataset> datasets) {

        /** A planned dataset, where the catalog says it is, what the plan does there and which columns to look at. */
        record PlannedDataset(String dataset, String location, DataFiles.Format format, String action,
                              List<ErasePredicate.Target> targets) {
        }

        static Planned of(ServiceClient service, JsonNode request) {
            Map<String, List<String>> identifiers = new LinkedHashMap<>();
            request.path("identifiers").forEach(i -> identifiers.computeIfAbsent(i.path("kind").asText(),
                    k -> new ArrayList<>()).add(i.path("value").asText()));
            Map<String, List<ErasePredicate.Target>> targets = new LinkedHashMap<>();
            Map<String, String> actions = new LinkedHashMap<>();
            request.path("plan").forEach(p -> {
                targets.computeIfAbsent(p.path("dataset").asText(), d -> new ArrayList<>())
                        .add(new ErasePredicate.Target(p.path("column").asText(), p.path("identifier").asText(),
                                p.path("masked").isTextual() ? p.path("masked").asText() : null));
                actions.put(p.path("dataset").asText(), p.path("action").asText());
            });
            if (targets.isEmpty()) {
                throw new InputException("erase request " + request.path("id").asLong() + " has no plan: steward erase "
                        + "plan " + request.path("id").asLong());
            }
            List<PlannedDataset> datasets = new ArrayList<>();
            targets.forEach((dataset, columns) -> {
                String[] name = ServiceClient.splitName(dataset, "the plan's dataset");
                JsonNode found = service.get("/api/v1/datasets?namespace=" + ServiceClient.encode(name[0]) + "&name="
                        + ServiceClient.encode(name[1])).path(0);
                String location = found.path("location").isTextual() ? found.path("location").asText() : null;
                // OpenLineage names a dataset of the file namespace by its absolute path: lineage alone
                // (a masked copy, a job's output) says where such a dataset is.
                if (location == null && name[0].equals("file") && name[1].startsWith("/")) {
                    location = name[1];
                }
                String format = found.path("format").isTextual() ? found.path("format").asText() : null;
                // Without a recorded format, the files say it; none there (not yet made, or set aside by a
                // killed erase until the next run finishes it): unknown for now, see EraseRunJob.
                boolean readable = format != null || location != null
                        && java.nio.file.Files.exists(java.nio.file.Path.of(location));
                datasets.add(new PlannedDataset(dataset, location, readable ? DataFiles.cataloged(format, location) : null,
                        actions.get(dataset), columns));
            });
            return new Planned(identifiers, datasets);
        }
    }

    @Command(name = "count", mixinStandardHelpOptions = true, description = {
            "The dry run of a planned request's plan: for each planned dataset (at its location in the catalog), its "
                    + "rows and how many hold the subject, compared as the plan says (in clear, or keyed-hashed or "
                    + "tokenized with --key-file / STEWARD_MASKING_KEY); recorded in the service. Nothing is written "
                    + "to the data. Runs on Spark."})
    static final class Count extends OnRequest {

        @picocli.CommandLine.Mixin
        SparkRun spark;

        @Override
        JsonNode send(ServiceClient service) {
            Planned planned = Planned.of(service, service.get(path("")));
            Progress progress = new Progress(spec.commandLine().getErr());
            List<EraseCountJob.Counted> counted = new EraseCountJob(spark.master, DataOptions.maskingKey(spark.keyFile))
                    .run(planned.datasets().stream().map(d -> new EraseCountJob.Planned(d.dataset(), d.location(),
                            d.format(), d.targets())).toList(), planned.identifiers(), progress);
            progress.done();
            return service.put(path("counts"), Map.of("datasets", counted));
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = {
            "Execute approved requests on Spark, one rewrite per dataset for the whole batch: each planned dataset (a "
                    + "local file or folder, at its location in the catalog) is rewritten without the subjects' rows, or "
                    + "with their planned values emptied where the dataset's erase policy keeps rows, swapped in "
                    + "atomically and read again to check the subjects are gone; each result is recorded in the service "
                    + "as it finishes, and each request is verified when every dataset of its plan has one. A run killed "
                    + "midway is finished by running it again. Keyed masks need --key-file or STEWARD_MASKING_KEY.",
            "",
            "Exit codes: 0 verified; 2 usage error, refused, or a dataset could not be erased (the requests are then "
                    + "failed with the reason: fix it and run again)."})
    static final class Run extends ServiceCall {

        @Parameters(arity = "1..*", paramLabel = "ID", description = "The erase requests, approved.")
        List<Long> ids;

        @picocli.CommandLine.Mixin
        SparkRun spark;

        @Override
        JsonNode send(ServiceClient service) {
            Map<String, Planned> requests = new LinkedHashMap<>();
            for (long id : new java.util.LinkedHashSet<>(ids)) {
                requests.put(String.valueOf(id), Planned.of(service, service.get(path(id, ""))));
            }
            java.util.Optional<io.steward.masking.MaskingKey> key = DataOptions.maskingKey(spark.keyFile);
            requests.keySet().forEach(id -> service.post(path(Long.parseLong(id), "start"), null));
            Progress progress = new Progress(spec.commandLine().getErr());
            try {
                EraseRunJob.run(spark.master, key, requests, () -> new JobLineage.Target(server,
                        java.util.Optional.of(service.token())), spec.commandLine().getErr(), progress, erased -> {
                    erased.bySubject().forEach((id, held) -> service.put(path(Long.parseLong(id), "results"),
                            Map.of("datasets", List.of(Map.of("dataset", erased.dataset(), "before", erased.before(),
                                    "after", erased.after(), "erased", held, "action", erased.action())))));
                    Failpoint.reach("erase.recorded");
                });
            } catch (InputException | IllegalStateException e) {
                progress.done();
                requests.keySet().forEach(id -> service.post(path(Long.parseLong(id), "failed"),
                        Map.of("reason", e.getMessage())));
                throw new InputException("erase request" + (requests.size() > 1 ? "s " : " ")
                        + String.join(", ", requests.keySet()) + " failed: " + e.getMessage(), e);
            }
            progress.done();
            com.fasterxml.jackson.databind.node.ArrayNode verified = new com.fasterxml.jackson.databind.ObjectMapper()
                    .createArrayNode();
            requests.keySet().forEach(id -> verified.add(service.post(path(Long.parseLong(id), "verified"), null)));
            return verified.size() == 1 ? verified.get(0) : verified;
        }

        private static String path(long id, String action) {
            return "/api/v1/erase-requests/" + id + (action.isEmpty() ? "" : "/" + action);
        }
    }

    @Command(name = "certificate", mixinStandardHelpOptions = true, description = {
            "Complete a verified request with its signed certificate (made once; asked again, the same one is "
                    + "fetched) and write it to --out: the plan, counts, results and transitions, the subject only as "
                    + "SHA-256 hashes of kind:value, signed with the service's Ed25519 key."})
    static final class Certify extends OnRequest {

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where the certificate goes (JSON).")
        java.nio.file.Path out;

        @Override
        JsonNode send(ServiceClient service) {
            JsonNode request = service.get(path(""));
            JsonNode certificate = "completed".equals(request.path("state").asText()) ? service.get(path("certificate"))
                    : service.post(path("certificate"), null);
            AtomicOutput.writeFile(out, writer -> writer.write(certificate.toPrettyString() + "\n"));
            return service.get(path(""));
        }
    }

    @Command(name = "verify-certificate", mixinStandardHelpOptions = true, description = {
            "Check an erase certificate's signature with the service's public key (from --server, or given with "
                    + "--public-key as base64 X.509) and print what it certifies.",
            "",
            "Exit codes: 0 the signature holds, 1 it does not (the file was changed or another key signed it), 2 usage."})
    static final class VerifyCertificate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "A certificate from `steward erase certificate`.")
        java.nio.file.Path file;

        @Option(names = "--server", paramLabel = "URL", description = "The service whose key signed it.")
        String server;

        @Option(names = "--public-key", paramLabel = "BASE64", description = "The key itself, instead of --server.")
        String publicKey;

        @Override
        public Integer call() throws Exception {
            if ((server == null) == (publicKey == null)) {
                throw new InputException("give the key with --server URL or --public-key BASE64, one of them");
            }
            com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            JsonNode certificate;
            try {
                certificate = mapper.readTree(file.toFile());
            } catch (java.io.IOException e) {
                throw new InputException(file + ": not a certificate: " + e.getMessage(), e);
            }
            String key = publicKey != null ? publicKey
                    : new ServiceClient(server).get("/api/v1/erase-certificates/public-key").path("publicKey").asText();
            String body = certificate.path("body").asText();
            boolean valid;
            try {
                java.security.Signature ed25519 = java.security.Signature.getInstance("Ed25519");
                ed25519.initVerify(java.security.KeyFactory.getInstance("Ed25519").generatePublic(
                        new java.security.spec.X509EncodedKeySpec(java.util.Base64.getDecoder().decode(key))));
                ed25519.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                valid = ed25519.verify(java.util.Base64.getDecoder().decode(certificate.path("signature").asText()));
            } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
                valid = false;
            }
            PrintWriter out = spec.commandLine().getOut();
            if (!valid) {
                out.println(file + ": the signature does NOT hold: the certificate was changed, or another key signed it");
                return Steward.FAILED;
            }
            JsonNode content = mapper.readTree(body);
            out.printf("%s: valid, signed by key %s: erase request %d completed (%s), %d datasets rewritten, issued %s "
                            + "by %s%n", file, certificate.path("keyId").asText(), content.path("eraseRequest").asLong(),
                    content.path("legalBasis").asText(), content.path("results").size(), content.path("issuedAt").asText(),
                    content.path("issuedBy").asText());
            return Steward.OK;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a planned request (a compliance officer other than its requester).")
    static final class Approve extends OnRequest {
        @Override
        JsonNode send(ServiceClient service) {
            return service.post(path("approve"), null);
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a request, with the reason.")
    static final class Reject extends OnRequest {

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the subject and the audit.")
        String reason;

        @Override
        JsonNode send(ServiceClient service) {
            return service.post(path("reject"), Map.of("reason", reason));
        }
    }
}
