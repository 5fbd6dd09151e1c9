package io.smallrye.reactive.messaging.nats.it.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.junit.jupiter.api.Test;

import io.nats.client.Dispatcher;
import io.smallrye.reactive.messaging.nats.it.base.BufferedProducer;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;

class ShutdownTest extends NatsTestBase {

    @Test
    void shutdownRightAfterTheLastAckLosesNoAcceptedPublish() throws Exception {
        AtomicInteger received = new AtomicInteger();
        Dispatcher dispatcher = client().createDispatcher(m -> received.incrementAndGet());
        dispatcher.subscribe(prefix + ".out");
        client().flush(Duration.ofSeconds(2));
        start(outgoing(config(), "out", prefix + ".out"), BufferedProducer.class);

        int count = 20_000;
        Emitter<String> emitter = bean(BufferedProducer.class).emitter();
        CompletableFuture<?>[] acks = new CompletableFuture<?>[count];
        for (int i = 0; i < count; i++) {
            acks[i] = emitter.send("message-" + i).toCompletableFuture();
        }
        CompletableFuture.allOf(acks).get(30, TimeUnit.SECONDS);
        stopContainer(); // drains the connection: whatever jnats accepted reaches the server

        await().atMost(Duration.ofSeconds(10)).until(() -> received.get() == count);
        await().during(Duration.ofMillis(200)).until(() -> received.get() == count);
        assertEquals(count, received.get());
    }
}
