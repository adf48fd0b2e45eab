package io.steward.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code steward} command; {@code ./steward} at the repository root runs this. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(Steward.run(args, out, err));
    }
}
