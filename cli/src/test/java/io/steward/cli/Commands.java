package io.steward.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process, as tests do. */
final class Commands {

    private Commands() {
    }

    /** {exit code, standard output, standard error}. */
    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Steward.run(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }
}
