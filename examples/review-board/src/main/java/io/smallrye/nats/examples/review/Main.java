package io.smallrye.nats.examples.review;

import java.time.Duration;

import io.smallrye.nats.examples.launcher.Launcher;

/**
 * Runs the review board end to end: every draft is reviewed by each reviewer type, and the verdicts are archived.
 * Exits 0 when every verdict reached the archivist.
 */
public class Main {

    static final Launcher.Scenario SCENARIO = (application, timeout) -> application.select(Coordinator.class).get()
            .review(timeout);

    public static void main(String[] args) {
        Launcher.main("/review-logging.properties", false, Duration.ofSeconds(30), SCENARIO);
    }
}
