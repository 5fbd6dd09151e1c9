package io.smallrye.nats.examples.council;

import java.time.Duration;

import io.smallrye.nats.examples.launcher.Launcher;

/**
 * Runs the agent council end to end: discovery, a scatter-gather call for bids per task, the plan in a key-value
 * bucket that every agent watches, and the planned tasks done by an active worker process and, once it is killed, by
 * its standby. Exits 0 when every agent bid on every task, saw the whole plan, and every task was done by the worker
 * the priority group gave it to (the hand-over is skipped, and says so, on servers older than 2.11).
 */
public class Main {

    static final Launcher.Scenario SCENARIO = (application, timeout) -> application.select(Council.class).get()
            .convene(timeout);

    /** The council's process: its channels and beans, not the workers' (see microprofile-config.properties). */
    static void councilProfile() {
        System.setProperty("mp.config.profile", "council");
    }

    public static void main(String[] args) {
        councilProfile();
        Launcher.main("/council-logging.properties", true, Duration.ofSeconds(30), SCENARIO);
    }
}
