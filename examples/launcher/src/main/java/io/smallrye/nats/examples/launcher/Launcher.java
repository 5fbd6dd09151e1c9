package io.smallrye.nats.examples.launcher;

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
 * What every example does around its scenario: use the configured NATS server or start a local one, boot the
 * Weld SE application, wait until every channel is ready (core NATS only delivers to current subscribers), run the
 * scenario, and exit 0 only when it completed.
 */
public final class Launcher {

    /** The part of an example that differs: its agents at work, true when the scenario completed. */
    @FunctionalInterface
    public interface Scenario {
        boolean run(SeContainer application, Duration timeout) throws Exception;
    }

    private Launcher() {
    }

    /** For {@code main}: quiet logs, the scenario, then {@code System.exit} (jnats threads would keep the JVM alive). */
    public static void main(String loggingResource, boolean jetStream, Duration timeout, Scenario scenario) {
        int status;
        try (InputStream logging = Launcher.class.getResourceAsStream(loggingResource)) {
            LogManager.getLogManager().readConfiguration(logging);
            status = run(jetStream, timeout, scenario) ? 0 : 1;
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** For tests: the same, without exiting. */
    public static boolean run(boolean jetStream, Duration timeout, Scenario scenario) throws Exception {
        NatsServer local = LocalNats.startUnlessConfigured(jetStream);
        try (SeContainer container = SeContainerInitializer.newInstance().initialize()) {
            HealthCenter health = container.select(HealthCenter.class).get();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!health.getReadiness().isOk() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos()); // polling the health center; no event to wait on
            }
            return scenario.run(container, timeout);
        } finally {
            if (local != null) {
                local.close();
            }
        }
    }
}
