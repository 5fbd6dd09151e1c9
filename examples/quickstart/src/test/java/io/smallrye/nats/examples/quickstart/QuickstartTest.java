package io.smallrye.nats.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The README's demo, run as a test so the example never rots: a local server, every task reviewed. */
class QuickstartTest {

    @Test
    void everyTaskIsWorkedOnAndReviewed() throws Exception {
        System.clearProperty("nats.url");
        assertTrue(Main.run(Duration.ofSeconds(30)));
    }
}
