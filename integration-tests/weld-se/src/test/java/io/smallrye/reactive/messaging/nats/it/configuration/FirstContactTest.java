package io.smallrye.reactive.messaging.nats.it.configuration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.nats.it.base.LogCapture;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/**
 * What a new user meets first: the README's examples run as written (the JetStream one on an empty server, the
 * incoming channel waiting for the stream the outgoing one creates), start-up never blocks on an unreachable server,
 * and a stream that nothing creates is a clear error (readiness, or deployment with connect-retry=false).
 */
class FirstContactTest extends NatsTestBase {

    @ApplicationScoped
    public static class TaskApp {
        private final List<String> done = new CopyOnWriteArrayList<>();

        @Inject
        @Channel("tasks")
        Emitter<String> tasks;

        @Incoming("work")
        void work(String task) {
            done.add(task);
        }

        List<String> done() {
            return done;
        }

        Emitter<String> tasks() {
            return tasks;
        }
    }

    private NatsServer fresh;

    /** The README's quick-start bean, as written there. */
    @ApplicationScoped
    public static class Worker {
        @Incoming("tasks")
        @Outgoing("results")
        String work(String task) {
            return "done: " + task;
        }
    }

    @Test
    void readmeQuickStartWorksAsWritten() throws Exception {
        Map<String, String> config = readmeExample("## Quick start");
        config.put("mp.messaging.connector.smallrye-nats.url", server.url()); // the README's is localhost:4222
        start(config, Worker.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness().isOk());
        io.nats.client.Subscription results = client().subscribe("agents.results");
        client().flush(Duration.ofSeconds(2));
        client().publish("agents.tasks.research", "find sources".getBytes());
        io.nats.client.Message result = results.nextMessage(Duration.ofSeconds(10));
        assertEquals("done: find sources", result == null ? null : new String(result.getData()));
    }

    static Map<String, String> readmeJetStreamExample() throws IOException {
        return readmeExample("## JetStream");
    }

    /** The properties block that follows a heading of the README, as a user copies it. */
    static Map<String, String> readmeExample(String heading) throws IOException {
        String readme = Files.readString(Path.of("../../README.md"));
        int section = readme.indexOf("\n" + heading + "\n");
        int start = readme.indexOf("```properties\n", section) + "```properties\n".length();
        Properties properties = new Properties();
        properties.load(new StringReader(readme.substring(start, readme.indexOf("```", start))));
        Map<String, String> config = new HashMap<>();
        properties.forEach((key, value) -> config.put((String) key, (String) value));
        return config;
    }

    @Test
    void readmeJetStreamExampleWorksOnAnEmptyServer() throws Exception {
        fresh = servers.own(NatsServer.builder().jetStream().start());
        Map<String, String> config = readmeJetStreamExample();
        assertTrue(config.containsKey("mp.messaging.outgoing.tasks.auto-create-stream"), config.toString());
        config.put("mp.messaging.connector.smallrye-nats.url", fresh.url());
        start(config, TaskApp.class);
        TaskApp app = bean(TaskApp.class);
        for (int i = 0; i < 20; i++) {
            app.tasks().send("task-" + i);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> app.done().size() == 20);
        await().atMost(Duration.ofSeconds(5)).until(() -> readiness().isOk());
    }

    @Test
    void startUpDoesNotWaitForAnUnreachableServer() throws Exception {
        Map<String, String> config = readmeJetStreamExample();
        config.put("mp.messaging.connector.smallrye-nats.url", "nats://127.0.0.1:" + NatsServer.freePort());
        long begin = System.nanoTime();
        start(config, TaskApp.class);
        long millis = Duration.ofNanos(System.nanoTime() - begin).toMillis();
        assertTrue(millis < 1_500, "start-up took " + millis + " ms");
        assertTrue(!readiness().isOk(), describe(readiness()));
    }

    @Test
    void aStreamNothingCreatesShowsInReadiness() throws Exception {
        fresh = servers.own(NatsServer.builder().jetStream().start());
        Map<String, String> config = incoming(new HashMap<>(Map.of("mp.messaging.connector.smallrye-nats.url", fresh.url())),
                "work", "tasks.>");
        config.put("mp.messaging.incoming.work.jetstream", "true");
        config.put("mp.messaging.incoming.work.stream", "NOBODY-MAKES-IT");
        try (LogCapture log = LogCapture.start()) {
            start(config, TaskApp.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> describe(readiness()).contains("NOBODY-MAKES-IT"));
            String text = describe(readiness());
            assertTrue(text.contains("work=DOWN") && text.contains("no channel of this application creates it"), text);
            // The channel retries every second: let two more retries pass, which must not log the cause again.
            Thread.sleep(2_500);
            assertEquals(1, log.matching("SRNATS00200", "NOBODY-MAKES-IT").size(), String.join("\n", log.lines()));
        }
    }

    @Test
    void aStreamNothingCreatesFailsDeploymentWithoutConnectRetry() throws Exception {
        fresh = servers.own(NatsServer.builder().jetStream().start());
        Map<String, String> config = incoming(new HashMap<>(Map.of("mp.messaging.connector.smallrye-nats.url", fresh.url())),
                "work", "tasks.>");
        config.put("mp.messaging.connector.smallrye-nats.connect-retry", "false");
        config.put("mp.messaging.incoming.work.jetstream", "true");
        config.put("mp.messaging.incoming.work.stream", "NOBODY-MAKES-IT");
        assertDeploymentFails(config, TaskApp.class, "SRNATS02000", "NOBODY-MAKES-IT", "channel 'work'",
                "auto-create-stream=true");
    }
}
