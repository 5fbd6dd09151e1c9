package io.smallrye.nats.examples.review;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.LogManager;

import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;

import io.smallrye.reactive.messaging.nats.support.LocalNats;
import io.smallrye.reactive.messaging.nats.support.NatsServer;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;

/**
 * Runs the review board end to end: every draft is reviewed by each reviewer type, and the verdicts are archived.
 * Exits 0 when every verdict reached the archivist.
 */
public class Main {

    public static void main(String[] args) throws IOException {
        try (InputStream logging = Main.class.getResourceAsStream("/review-logging.properties")) {
            LogManager.getLogManager().readConfiguration(logging); // keep the transcript readable
        }
        int status;
        try {
            status = run(Duration.ofSeconds(30)) ? 0 : 1;
        } catch (Exception e) {
            e.printStackTrace();
            status = 1; // exit even if connections of a failed deployment are still trying to connect
        }
        System.exit(status);
    }

    static boolean run(Duration timeout) throws Exception {
        NatsServer local = LocalNats.startUnlessConfigured(false);
        try (SeContainer container = SeContainerInitializer.newInstance().initialize()) {
            // Core NATS delivers only to current subscribers: start planning once every channel is subscribed.
            HealthCenter health = container.select(HealthCenter.class).get();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!health.getReadiness().isOk() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
            return container.select(Coordinator.class).get().review(timeout);
        } finally {
            if (local != null) {
                local.close();
            }
        }
    }
}
