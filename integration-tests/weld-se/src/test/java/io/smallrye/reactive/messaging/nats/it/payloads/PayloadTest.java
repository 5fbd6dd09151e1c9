package io.smallrye.reactive.messaging.nats.it.payloads;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.nats.client.Subscription;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;

class PayloadTest extends NatsTestBase {

    public static class Task {
        public String id;
        public int priority;
        public List<String> tags;

        public Task() {
        }

        Task(String id, int priority, List<String> tags) {
            this.id = id;
            this.priority = priority;
            this.tags = tags;
        }
    }

    @ApplicationScoped
    public static class App {
        private final List<Task> tasks = new CopyOnWriteArrayList<>();
        private final List<Integer> numbers = new CopyOnWriteArrayList<>();
        private final List<byte[]> raw = new CopyOnWriteArrayList<>();

        @Inject
        @Channel("tasks-out")
        Emitter<Task> emitter;

        @Incoming("tasks-in")
        void task(Task task) {
            tasks.add(task);
        }

        @Incoming("numbers")
        void number(int number) {
            numbers.add(number);
        }

        @Incoming("raw")
        void raw(byte[] bytes) {
            raw.add(bytes);
        }

        List<Task> tasks() {
            return tasks;
        }

        List<Integer> numbers() {
            return numbers;
        }

        List<byte[]> raw() {
            return raw;
        }

        Emitter<Task> emitter() {
            return emitter;
        }
    }

    /** Takes whatever the connector hands out, as a runtime without SmallRye's converters would. */
    @ApplicationScoped
    public static class UntypedApp {
        private final List<Object> payloads = new CopyOnWriteArrayList<>();

        @Incoming("decoded")
        CompletionStage<Void> decoded(Message<?> message) {
            payloads.add(message.getPayload());
            return message.ack();
        }

        List<Object> payloads() {
            return payloads;
        }
    }

    @Test
    void pojoTravelsAsJsonWithContentTypeAndComesBackTyped() throws Exception {
        Map<String, String> config = config();
        outgoing(config, "tasks-out", prefix + ".tasks");
        incoming(config, "tasks-in", prefix + ".tasks");
        incoming(config, "numbers", prefix + ".numbers");
        incoming(config, "raw", prefix + ".raw");
        Subscription observer = client().subscribe(prefix + ".tasks");
        client().flush(Duration.ofSeconds(2));
        start(config, App.class);
        App app = bean(App.class);
        await().until(() -> readiness().isOk());

        app.emitter().send(new Task("t-1", 3, List.of("research", "urgent"))).toCompletableFuture().get(10, TimeUnit.SECONDS);
        io.nats.client.Message wire = observer.nextMessage(Duration.ofSeconds(10));
        assertEquals("application/json", wire.getHeaders().getFirst("Content-Type"));
        assertEquals("{\"id\":\"t-1\",\"priority\":3,\"tags\":[\"research\",\"urgent\"]}",
                new String(wire.getData(), StandardCharsets.UTF_8));
        await().until(() -> app.tasks().size() == 1);
        Task received = app.tasks().get(0);
        assertEquals("t-1", received.id);
        assertEquals(3, received.priority);
        assertEquals(List.of("research", "urgent"), received.tags);

        client().publish(prefix + ".numbers", " 42 ".getBytes(StandardCharsets.UTF_8));
        client().publish(prefix + ".raw", new byte[] { 0, 1, (byte) 255 });
        await().until(() -> app.numbers().size() == 1 && app.raw().size() == 1);
        assertEquals(42, app.numbers().get(0));
        assertEquals(3, app.raw().get(0).length);
        assertEquals((byte) 255, app.raw().get(0)[2]);
    }

    @Test
    void payloadTypeDecodesBeforeTheMethodAndNacksWhatDoesNotDecode() throws Exception {
        Map<String, String> config = incoming(config(), "decoded", prefix + ".decoded");
        config.put("mp.messaging.incoming.decoded.payload-type", "java.lang.Integer");
        config.put("mp.messaging.incoming.decoded.failure-strategy", "dead-letter");
        Subscription deadLetters = client().subscribe("dlq.decoded");
        client().flush(Duration.ofSeconds(2));
        start(config, UntypedApp.class);
        UntypedApp app = bean(UntypedApp.class);
        await().until(() -> readiness().isOk());

        client().publish(prefix + ".decoded", "7".getBytes(StandardCharsets.UTF_8));
        client().publish(prefix + ".decoded", "seven".getBytes(StandardCharsets.UTF_8));
        client().publish(prefix + ".decoded", "8".getBytes(StandardCharsets.UTF_8));

        await().until(() -> app.payloads().size() == 2);
        assertEquals(List.of(7, 8), app.payloads());
        io.nats.client.Message deadLetter = deadLetters.nextMessage(Duration.ofSeconds(10));
        assertEquals("seven", new String(deadLetter.getData(), StandardCharsets.UTF_8));
        String reason = deadLetter.getHeaders().getFirst("dead-letter-reason");
        assertTrue(reason.contains(prefix + ".decoded") && reason.contains("java.lang.Integer"), reason);
    }
}
