package io.steward.cli;

import java.io.PrintWriter;

/** One overwritten status line on a terminal; nothing at all when output is piped. */
final class Progress {

    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private int shown;

    Progress(PrintWriter err) {
        this.err = err;
    }

    void show(String status) {
        if (!terminal) {
            return;
        }
        String line = "steward: " + status + " ...";
        err.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        err.flush();
        shown = line.length();
    }

    void done() {
        if (terminal && shown > 0) {
            err.print("\r" + " ".repeat(shown) + "\r");
            err.flush();
            shown = 0;
        }
    }
}
