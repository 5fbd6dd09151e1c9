package io.smallrye.nats.examples.council;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.smallrye.nats.examples.launcher.Launcher;

/**
 * The example, run as a test so it never rots: every agent bids on every task and sees the whole plan, and on
 * nats-server 2.11+ (the 2.15 run) the standby worker does the tasks once the active one is killed.
 */
class AgentCouncilTest {

    @Test
    void everyAgentBidsAndKnowsThePlan() throws Exception {
        System.clearProperty("nats.url");
        Main.councilProfile();
        assertTrue(Launcher.run(true, Duration.ofSeconds(30), Main.SCENARIO));
    }
}
