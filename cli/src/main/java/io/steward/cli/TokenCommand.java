package io.steward.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = {
                "Print a valid access token for the service (refreshed when it has expired), for scripts and curl: "
                        + "curl -H \"Authorization: Bearer $(steward token --server URL)\" URL/api/v1/datasets",
                "",
                "Exit codes: 0 printed, 2 not logged in or the login expired."})
final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The service you logged in to.")
    String server;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(new ServiceClient(server).token());
        return Steward.OK;
    }
}
