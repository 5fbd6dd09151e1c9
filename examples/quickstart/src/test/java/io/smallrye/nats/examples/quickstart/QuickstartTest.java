package io.smallrye.nats.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.smallrye.nats.examples.launcher.Launcher;

/** The README's demo, run as a test so the example never rots: a local server, every task reviewed. */
class QuickstartTest {

    @Test
    void everyTaskIsWorkedOnAndReviewed() throws Exception {
        System.clearProperty("nats.url");
        assertTrue(Launcher.run(false, Duration.ofSeconds(30), Main.SCENARIO));
    }
}
