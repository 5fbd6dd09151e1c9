package io.smallrye.nats.examples.quickstart;

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
 * Runs the quickstart end to end: a planner hands tasks to two worker replicas over NATS, collects their results and
 * has a reviewer agent check each one by request/reply. Exits 0 when every task was reviewed.
 */
public class Main {

    public static void main(String[] args) throws IOException {
        try (InputStream logging = Main.class.getResourceAsStream("/quickstart-logging.properties")) {
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
            return container.select(Planner.class).get().plan(timeout);
        } finally {
            if (local != null) {
                local.close();
            }
        }
    }
}
