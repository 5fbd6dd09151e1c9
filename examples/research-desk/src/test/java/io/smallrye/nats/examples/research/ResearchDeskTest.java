package io.smallrye.nats.examples.research;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.smallrye.nats.examples.launcher.Launcher;

/** The example, run as a test so it never rots: every task answered or triaged, the audit log replayed in order. */
class ResearchDeskTest {

    @Test
    void everyTaskIsAnsweredOrTriagedAndTheAuditLogReplays() throws Exception {
        System.clearProperty("nats.url");
        assertTrue(Launcher.run(true, Duration.ofSeconds(60), Main.SCENARIO));
    }
}
