package io.smallrye.nats.examples.research;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.LogManager;

import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.smallrye.reactive.messaging.nats.support.LocalNats;
import io.smallrye.reactive.messaging.nats.support.NatsServer;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;

/**
 * Runs the research desk end to end, then replays the audit stream in order, as a reporter reading the record of
 * what the agents found. Exits 0 when every task was either answered or triaged.
 */
public class Main {

    public static void main(String[] args) throws Exception {
        try (InputStream logging = Main.class.getResourceAsStream("/research-logging.properties")) {
            LogManager.getLogManager().readConfiguration(logging);
        }
        int status;
        try {
            status = run(Duration.ofSeconds(60)) ? 0 : 1;
        } catch (Exception e) {
            e.printStackTrace();
            status = 1; // exit even if connections of a failed deployment are still trying to connect
        }
        System.exit(status);
    }

    static boolean run(Duration timeout) throws Exception {
        NatsServer local = LocalNats.startUnlessConfigured(true);
        try (SeContainer container = SeContainerInitializer.newInstance().initialize()) {
            HealthCenter health = container.select(HealthCenter.class).get();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!health.getReadiness().isOk() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
            boolean complete = container.select(Desk.class).get().plan(timeout);
            return complete && report(System.getProperty("nats.url"));
        } finally {
            if (local != null) {
                local.close();
            }
        }
    }

    /** The reporter: reads the AUDIT stream from its first message, in order, with a plain jnats client. */
    private static boolean report(String url) throws Exception {
        try (Connection connection = Nats.connect(url)) {
            long stored = connection.jetStreamManagement().getStreamInfo("AUDIT").getStreamState().getMsgCount();
            long tasks = connection.jetStreamManagement().getStreamInfo("TASKS").getStreamState().getMsgCount();
            JetStreamSubscription replay = connection.jetStream().subscribe("desk.audit",
                    PullSubscribeOptions.builder().stream("AUDIT").build());
            List<io.nats.client.Message> entries = replay.fetch((int) stored, Duration.ofSeconds(5));
            Transcript.say("reporter", "audit log, " + entries.size() + " entries in stream order:");
            entries.forEach(m -> Transcript.say("reporter", "  #" + m.metaData().streamSequence() + " "
                    + new String(m.getData()) + " (by " + m.getHeaders().getFirst(Envelope.SOURCE) + ")"));
            Transcript.say("reporter", "work queue holds " + tasks + " unfinished tasks (the duplicates were never stored)");
            return entries.size() == Desk.TASKS.size() - 1 && tasks == 0;
        }
    }
}
