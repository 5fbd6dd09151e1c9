package io.smallrye.nats.examples.review;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.smallrye.nats.examples.launcher.Launcher;

/** The example, run as a test so it never rots: every draft reviewed and its verdict archived. */
class ReviewBoardTest {

    @Test
    void everyDraftGetsAVerdict() throws Exception {
        System.clearProperty("nats.url");
        assertTrue(Launcher.run(false, Duration.ofSeconds(30), Main.SCENARIO));
    }
}
