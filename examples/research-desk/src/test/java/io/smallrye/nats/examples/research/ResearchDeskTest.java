package io.smallrye.nats.examples.research;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The example, run as a test so it never rots: every task answered or triaged, the audit log replayed in order. */
class ResearchDeskTest {

    @Test
    void everyTaskIsAnsweredOrTriagedAndTheAuditLogReplays() throws Exception {
        System.clearProperty("nats.url");
        assertTrue(Main.run(Duration.ofSeconds(60)));
    }
}
