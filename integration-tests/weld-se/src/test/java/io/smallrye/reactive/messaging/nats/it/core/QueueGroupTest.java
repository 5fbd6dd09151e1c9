package io.smallrye.reactive.messaging.nats.it.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;

class QueueGroupTest extends NatsTestBase {

    /** Two replicas of a worker, each with its own connection, as two application instances would be. */
    @ApplicationScoped
    public static class Workers {
        private final List<String> first = new CopyOnWriteArrayList<>();
        private final List<String> second = new CopyOnWriteArrayList<>();

        @Incoming("replica-1")
        void first(String task) {
            first.add(task);
        }

        @Incoming("replica-2")
        void second(String task) {
            second.add(task);
        }

        List<String> first() {
            return first;
        }

        List<String> second() {
            return second;
        }
    }

    @Test
    void replicasInAQueueGroupShareTheLoadAndEachMessageIsDeliveredOnce() throws Exception {
        Map<String, String> config = config();
        for (String replica : List.of("replica-1", "replica-2")) {
            incoming(config, replica, prefix + ".tasks.*");
            config.put("mp.messaging.incoming." + replica + ".queue", "workers");
            config.put("mp.messaging.incoming." + replica + ".connection-name", replica);
        }
        start(config, Workers.class);
        Workers workers = bean(Workers.class);
        await().until(() -> readiness().isOk());

        int count = 1000;
        for (int i = 0; i < count; i++) {
            client().publish(prefix + ".tasks." + (i % 7), ("task-" + i).getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> workers.first().size() + workers.second().size() == count);

        List<String> all = Stream.concat(workers.first().stream(), workers.second().stream()).toList();
        Set<String> distinct = all.stream().collect(Collectors.toSet());
        assertEquals(count, distinct.size(), "every task delivered exactly once across the group");
        assertTrue(workers.first().size() > 100 && workers.second().size() > 100,
                "both replicas got a share: " + workers.first().size() + " / " + workers.second().size());
    }
}
