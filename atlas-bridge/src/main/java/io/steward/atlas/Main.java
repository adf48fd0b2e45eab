package io.steward.atlas;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.Console;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** `steward atlas ...`, run by the launcher on this module's own classpath (no Spark, no Quarkus). */
@Command(name = "steward", subcommands = Main.AtlasCommand.class, mixinStandardHelpOptions = true)
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Command(name = "atlas", mixinStandardHelpOptions = true, description = "Apache Atlas for Steward.",
            subcommands = SyncCommand.class)
    static final class AtlasCommand {
    }

    @Command(name = "sync", mixinStandardHelpOptions = true, description = {
            "Publish Steward's catalog to Apache Atlas: datasets and columns (steward_dataset, steward_column), jobs "
                    + "as Process entities with their current inputs and outputs (Atlas lineage), and confirmed PII "
                    + "tags as classifications (PII_EMAIL_ADDRESS, ... under PII; not propagated where Steward "
                    + "marked the column masked). Only what changed since the last sync is sent; the guids and what "
                    + "was sent are kept in --state, saved after every step, so a sync that fails goes on where it "
                    + "stopped when run again.",
            "",
            "Steward's catalog is read from --server with the token in STEWARD_TOKEN (the launcher fills it with "
                    + "`steward token --server URL` when it is unset); the user needs the steward-admin, "
                    + "data-steward or compliance-officer role.",
            "",
            "Exit codes: 0 synced, 1 the sync failed (the message says why; run it again to resume), 2 usage."})
    static final class SyncCommand implements Callable<Integer> {

        @Option(names = "--url", required = true, paramLabel = "URL",
                description = "Atlas' base URL, e.g. http://atlas.example.com:21000")
        String url;

        @Option(names = "--user", paramLabel = "NAME", description = "Atlas user (basic auth); the password from "
                + "--password, ATLAS_PASSWORD or a prompt.")
        String user;

        @Option(names = "--password", paramLabel = "PASSWORD", description = "Prefer ATLAS_PASSWORD: a command line "
                + "is visible to other users of the machine.")
        String password;

        @Option(names = "--token", paramLabel = "TOKEN", description = "A bearer token for Atlas (or ATLAS_TOKEN), "
                + "instead of a user.")
        String token;

        @Option(names = "--server", required = true, paramLabel = "URL",
                description = "Steward's service, e.g. http://127.0.0.1:8080")
        String server;

        @Option(names = "--state", paramLabel = "FILE", description = "Where the sync state is kept (default: "
                + "~/.steward/atlas/HOST_PORT.json for the Atlas at --url).")
        Path state;

        @Option(names = "--batch", paramLabel = "N", defaultValue = "200",
                description = "Entities per bulk request (default: ${DEFAULT-VALUE}).")
        int batch;

        @Override
        public Integer call() {
            String stewardToken = System.getenv("STEWARD_TOKEN");
            if (stewardToken == null || stewardToken.isBlank()) {
                System.err.println("steward atlas sync: STEWARD_TOKEN is not set: log in with steward login --server "
                        + server + " --user NAME");
                return USAGE;
            }
            if (batch < 1) {
                System.err.println("steward atlas sync: --batch must be at least 1, found " + batch);
                return USAGE;
            }
            String atlasToken = token != null ? token : System.getenv("ATLAS_TOKEN");
            String atlasPassword = password != null ? password : System.getenv("ATLAS_PASSWORD");
            if (atlasToken == null && user != null && atlasPassword == null) {
                Console console = System.console();
                if (console == null) {
                    System.err.println("steward atlas sync: no terminal to ask for the password of " + user
                            + ": set ATLAS_PASSWORD");
                    return USAGE;
                }
                atlasPassword = new String(console.readPassword("Atlas password of %s: ", user));
            }
            Path stateFile = state != null ? state : defaultState(url);
            try (AtlasGateway atlas = new AtlasGateway(url, new AtlasGateway.Auth(atlasToken == null ? user : null,
                    atlasPassword, atlasToken), AtlasGateway.Retry.DEFAULT)) {
                AtlasSync.Report report = new AtlasSync(atlas, SyncState.load(stateFile, url), batch)
                        .run(StewardCatalog.fetch(server, stewardToken));
                System.out.printf("synced to %s: %d types created, %d entities written, %d unchanged, %d deleted; "
                                + "classifications %d added, %d updated, %d removed (state in %s)%n", url,
                        report.typesCreated(), report.entitiesWritten(), report.entitiesUnchanged(),
                        report.entitiesDeleted(), report.classificationsAdded(), report.classificationsUpdated(),
                        report.classificationsRemoved(), stateFile);
                return OK;
            } catch (SyncException e) {
                System.err.println("steward atlas sync: " + e.getMessage());
                return FAILED;
            }
        }

        static Path defaultState(String url) {
            String name = url.replaceFirst("^[a-zA-Z]+://", "").replaceAll("/+$", "").replaceAll("[^A-Za-z0-9.-]", "_");
            return Path.of(System.getProperty("user.home"), ".steward", "atlas", name + ".json");
        }
    }
}
