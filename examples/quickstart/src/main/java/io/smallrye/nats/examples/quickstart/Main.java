package io.smallrye.nats.examples.quickstart;

import java.time.Duration;

import io.smallrye.nats.examples.launcher.Launcher;

/**
 * Runs the quickstart end to end: a planner hands tasks to two worker replicas over NATS, collects their results and
 * has a reviewer agent check each one by request/reply. Exits 0 when every task was reviewed.
 */
public class Main {

    static final Launcher.Scenario SCENARIO = (application, timeout) -> application.select(Planner.class).get()
            .plan(timeout);

    public static void main(String[] args) {
        Launcher.main("/quickstart-logging.properties", false, Duration.ofSeconds(30), SCENARIO);
    }
}
