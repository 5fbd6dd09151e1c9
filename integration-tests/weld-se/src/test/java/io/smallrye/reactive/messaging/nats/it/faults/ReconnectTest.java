package io.smallrye.reactive.messaging.nats.it.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.smallrye.reactive.messaging.nats.connection.ReconnectBackoff;
import io.smallrye.reactive.messaging.nats.it.base.InOutApp;
import io.smallrye.reactive.messaging.nats.it.base.LogCapture;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/** The application outlives its server: health tells the truth and traffic resumes by itself. */
class ReconnectTest extends NatsTestBase {

    private NatsServer own;
    private Connection observer;

    @AfterEach
    void stopOwnServer() throws InterruptedException {
        if (observer != null) {
            observer.close();
        }
    }

    private Map<String, String> appConfig() {
        Map<String, String> config = config();
        config.put("mp.messaging.connector.smallrye-nats.url", own.url());
        config.put("mp.messaging.connector.smallrye-nats.reconnect-wait", "100ms");
        config.put("mp.messaging.connector.smallrye-nats.reconnect-jitter", "0");
        incoming(config, "in", "tasks");
        outgoing(config, "out", "results");
        return config;
    }

    private Connection observer() throws Exception {
        if (observer == null) {
            observer = Nats.connect(new Options.Builder().server(own.url()).maxReconnects(-1)
                    .reconnectWait(Duration.ofMillis(100)).build());
        }
        return observer;
    }

    /** Both directions work: the app receives what the observer publishes, the observer gets what the app sends. */
    private void assertTrafficFlows(InOutApp app, String tag) throws Exception {
        // The observer, an independent client, reconnects on its own schedule after an outage: the check is on the app
        await().atMost(Duration.ofSeconds(10)).until(() -> observer().getStatus() == Connection.Status.CONNECTED);
        Subscription results = observer().subscribe("results");
        observer().flush(Duration.ofSeconds(10));
        app.emitter().send("result-" + tag).toCompletableFuture().get(10, TimeUnit.SECONDS);
        io.nats.client.Message result = results.nextMessage(Duration.ofSeconds(10));
        assertEquals("result-" + tag, result == null ? null : new String(result.getData(), StandardCharsets.UTF_8));
        results.unsubscribe();

        observer().publish("tasks", ("task-" + tag).getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> app.received().contains("task-" + tag));
    }

    @Test
    void readinessGoesDownWhileTheServerIsAwayAndTrafficResumesAfterwards() throws Exception {
        own = servers.own(NatsServer.startPlain());
        start(appConfig(), InOutApp.class);
        InOutApp app = bean(InOutApp.class);
        await().until(() -> readiness().isOk());
        assertTrafficFlows(app, "before");

        try (LogCapture log = LogCapture.start()) {
            own.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> !readiness().isOk());
            String down = describe(readiness());
            assertTrue(down.contains("in=DOWN") && down.contains("out=DOWN"), down);
            assertTrue(liveness().isOk(), "a lost connection is not a fatal failure: " + describe(liveness()));
            Thread.sleep(1_500); // an outage of many reconnect attempts (reconnect-wait=100ms)
            // one line for the cause, not one per attempt
            assertEquals(1, log.matching("SRNATS00113", "Connection refused").size(), String.join("\n", log.lines()));
            assertTrue(log.matching("SRNATS00101").size() <= 1, "the loss itself, once: " + String.join("\n", log.lines()));
        }

        own.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> describe(readiness()), h -> !h.contains("DOWN"));
        assertTrafficFlows(app, "after");
    }

    @Test
    void applicationStartsBeforeItsServerAndConnectsOnceItIsThere() throws Exception {
        own = servers.own(NatsServer.builder().build()); // port reserved, process not started
        start(appConfig(), InOutApp.class);
        InOutApp app = bean(InOutApp.class);
        String waiting = describe(readiness());
        assertTrue(waiting.contains("not yet connected") && waiting.contains(own.url()), waiting);

        own.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness().isOk());
        assertTrafficFlows(app, "late");
    }

    /** The outage the restart tests simulate: a server restarted about a second after it went away. */
    private static void outage() throws InterruptedException {
        Thread.sleep(1_000);
    }

    @Test
    void aRestartedServerIsUsedWithinHalfASecondWithTheDefaultReconnectWait() throws Exception {
        own = servers.own(NatsServer.startPlain());
        Map<String, String> config = appConfig();
        config.remove("mp.messaging.connector.smallrye-nats.reconnect-wait"); // the default 2 s
        config.remove("mp.messaging.connector.smallrye-nats.reconnect-jitter");
        start(config, InOutApp.class);
        await().until(() -> readiness().isOk());
        own.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !readiness().isOk());
        outage();
        own.start(); // returns once the server accepts clients
        long accepting = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> readiness().isOk());
        long gap = Duration.ofNanos(System.nanoTime() - accepting).toMillis();
        System.out.println("resumed " + gap + " ms after the restarted server accepted clients");
        assertTrue(gap < 500, "resumed after " + gap + " ms");
        assertTrafficFlows(bean(InOutApp.class), "after-restart");
    }

    @Test
    void manyClientsReturningToARestartedServerSpreadOut() throws Exception {
        own = servers.own(NatsServer.startPlain());
        int clients = 50;
        long[] reconnected = new long[clients];
        java.util.List<Connection> connections = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                int index = i;
                connections.add(Nats.connect(new Options.Builder().server(own.url()).maxReconnects(-1)
                        .reconnectDelayHandler(new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofMillis(100)))
                        .connectionListener((connection, event) -> {
                            if (event == ConnectionListener.Events.RECONNECTED) {
                                reconnected[index] = System.nanoTime();
                            }
                        }).build()));
            }
            own.stop();
            outage();
            own.start();
            long accepting = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> java.util.Arrays.stream(reconnected).allMatch(t -> t != 0));
            long[] offsets = java.util.Arrays.stream(reconnected).map(t -> Duration.ofNanos(t - accepting).toMillis())
                    .sorted().toArray();
            System.out.println("50 clients back after (ms): min " + offsets[0] + ", median " + offsets[clients / 2]
                    + ", max " + offsets[clients - 1]);
            assertTrue(offsets[clients - 1] < 1_000, "the last client came back after " + offsets[clients - 1] + " ms");
            assertTrue(offsets[clients - 1] - offsets[0] >= 20, "no spread: " + java.util.Arrays.toString(offsets));
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }
}
