package io.smallrye.reactive.messaging.nats.it.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;

class SlowConsumerTest extends NatsTestBase {

    @ApplicationScoped
    public static class Slow {
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger processed = new AtomicInteger();

        @Incoming("in")
        void consume(String payload) throws InterruptedException {
            release.await();
            processed.incrementAndGet();
        }

        void release() {
            release.countDown();
        }

        int processed() {
            return processed.get();
        }
    }

    @Test
    void dropsBeyondThePendingLimitsAreCountedAndShownInHealth() throws Exception {
        Map<String, String> config = incoming(config(), "in", prefix + ".flood");
        config.put("mp.messaging.incoming.in.pending-max-messages", "50");
        start(config, Slow.class);
        Slow slow = bean(Slow.class);
        await().until(() -> readiness().isOk());

        for (int i = 0; i < 2_000; i++) {
            client().publish(prefix + ".flood", ("m" + i).getBytes());
        }
        client().flush(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> describe(readiness()).contains("messages dropped"));
        String health = describe(readiness());
        assertTrue(health.contains("slow consumer"), health);

        slow.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.processed() > 0);
        int processed = slow.processed();
        assertTrue(processed < 2_000, "some messages were dropped, not silently buffered without bound: " + processed);
    }
}
