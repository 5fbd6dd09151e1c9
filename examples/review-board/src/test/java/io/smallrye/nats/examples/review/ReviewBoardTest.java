package io.smallrye.nats.examples.review;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The example, run as a test so it never rots: every draft reviewed and its verdict archived. */
class ReviewBoardTest {

    @Test
    void everyDraftGetsAVerdict() throws Exception {
        System.clearProperty("nats.url");
        assertTrue(Main.run(Duration.ofSeconds(30)));
    }
}
