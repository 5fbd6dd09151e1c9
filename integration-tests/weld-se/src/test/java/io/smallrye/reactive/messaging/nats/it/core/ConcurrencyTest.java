package io.smallrye.reactive.messaging.nats.it.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.nats.it.base.JetStreamTestBase;

/**
 * SmallRye's {@code concurrency=N} makes N copies of an incoming channel. Each message is still processed once: core
 * copies share an implicit queue group named after the channel, JetStream copies share the durable consumer.
 */
class ConcurrencyTest extends JetStreamTestBase {

    @ApplicationScoped
    public static class Worker {
        private final List<String> processed = new CopyOnWriteArrayList<>();
        private final Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Incoming("work")
        void work(String payload) {
            processed.add(payload);
            threads.add(Thread.currentThread().getName());
        }

        List<String> processed() {
            return processed;
        }

        Set<String> threads() {
            return threads;
        }
    }

    private void assertEachOnceByThreeCopies(int count) throws Exception {
        Worker worker = bean(Worker.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.processed().size() >= count);
        await().during(Duration.ofMillis(300)).until(() -> worker.processed().size() == count);
        assertEquals(count, Set.copyOf(worker.processed()).size());
        assertTrue(worker.threads().size() > 1, "copies at work: " + worker.threads());
    }

    @Test
    void coreCopiesShareAnImplicitQueueGroup() throws Exception {
        Map<String, String> config = incoming(config(), "work", prefix + ".core");
        config.put("mp.messaging.incoming.work.concurrency", "3");
        start(config, Worker.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness().isOk());
        for (int i = 0; i < 300; i++) {
            client().publish(prefix + ".core", ("m-" + i).getBytes());
        }
        assertEachOnceByThreeCopies(300);
    }

    @Test
    void jetStreamCopiesShareTheDurable() throws Exception {
        Map<String, String> config = jetStreamIncoming(config(), "work", "workers");
        config.put("mp.messaging.incoming.work.concurrency", "3");
        start(config, Worker.class);
        for (int i = 0; i < 300; i++) {
            publish(prefix + ".js." + i, "m-" + i);
        }
        assertEachOnceByThreeCopies(300);
    }
}
