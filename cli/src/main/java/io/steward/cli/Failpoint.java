package io.steward.cli;

import java.util.concurrent.locks.LockSupport;

/**
 * Crash-test hooks for the steps of a rewrite that must survive a kill -9 (erase, purge). With
 * STEWARD_FAILPOINT=NAME in the environment, the process stops when it reaches that point: it says
 * so on its error output and waits, so a test can kill it there (SIGKILL: no shutdown hook, no
 * finally) and prove the next run finishes the work. Unset (always, outside such tests) a point
 * is one string comparison.
 */
final class Failpoint {

    private static final String ARMED = System.getenv("STEWARD_FAILPOINT");

    private Failpoint() {
    }

    static void reach(String name) {
        if (!name.equals(ARMED)) {
            return;
        }
        System.err.println("steward: failpoint " + name + " reached; waiting to be killed");
        System.err.flush();
        while (true) {
            LockSupport.park();
        }
    }
}
