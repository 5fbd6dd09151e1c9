package io.smallrye.nats.examples.council;

import java.time.Duration;

import io.smallrye.nats.examples.launcher.Launcher;

/**
 * Runs the agent council end to end: discovery, a scatter-gather call for bids per task, the plan in a key-value
 * bucket that every agent watches. Exits 0 when every agent bid on every task and saw the whole plan.
 */
public class Main {

    static final Launcher.Scenario SCENARIO = (application, timeout) -> application.select(Council.class).get()
            .convene(timeout);

    public static void main(String[] args) {
        Launcher.main("/council-logging.properties", true, Duration.ofSeconds(30), SCENARIO);
    }
}
