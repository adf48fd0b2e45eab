package io.steward.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.util.concurrent.Callable;

@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
                "Log in to a Steward service through its identity provider and keep the tokens for later commands "
                        + "(in ~/.steward/credentials.json, readable by you only). The password comes from "
                        + "STEWARD_PASSWORD or a prompt.",
                "",
                "Exit codes: 0 logged in, 2 usage error or refused."})
final class LoginCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The service, e.g. http://127.0.0.1:8080")
    String server;

    @Option(names = "--user", required = true, paramLabel = "NAME", description = "Your user name.")
    String user;

    @Override
    public Integer call() {
        String password = System.getenv("STEWARD_PASSWORD");
        if (password == null || password.isEmpty()) {
            Console console = System.console();
            if (console == null) {
                throw new InputException("no terminal to ask for the password: set STEWARD_PASSWORD");
            }
            password = new String(console.readPassword("Password of %s: ", user));
        }
        new ServiceClient(server).login(user, password);
        spec.commandLine().getOut().println("Logged in to " + server + " as " + user + ".");
        return Steward.OK;
    }
}
