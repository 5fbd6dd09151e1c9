package io.smallrye.reactive.messaging.nats.it.jetstream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.nats.it.base.JetStreamTestBase;

/**
 * Stopping an application with a JetStream channel is quick at any time after start: a pull that expired must not
 * leave anything behind that the connection drain waits for. Bounds are generous; this is no benchmark.
 */
class JetStreamStopTest extends JetStreamTestBase {

    @ApplicationScoped
    public static class Worker {
        private final List<String> received = new CopyOnWriteArrayList<>();
        private final CountDownLatch slow = new CountDownLatch(1);

        @Incoming("work")
        void work(String payload) throws InterruptedException {
            if (payload.startsWith("slow")) {
                slow.await(10, TimeUnit.SECONDS);
            }
            received.add(payload);
        }

        List<String> received() {
            return received;
        }

        CountDownLatch slow() {
            return slow;
        }
    }

    /** Holds each message until released, without blocking a thread: its ack comes later, on another thread. */
    @ApplicationScoped
    public static class AsyncWorker {
        private final List<String> received = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> release = new CompletableFuture<>();

        @Incoming("work")
        CompletionStage<Void> work(Message<String> message) {
            received.add(message.getPayload());
            return release.thenCompose(released -> message.ack());
        }

        List<String> received() {
            return received;
        }

        CompletableFuture<Void> release() {
            return release;
        }
    }

    private Map<String, String> app() {
        Map<String, String> config = jetStreamIncoming(config(), "work", "workers");
        config.put("mp.messaging.incoming.work.pull-expires", "1s");
        return config;
    }

    /** The defect needs wall time to pass: two pull expiries, whatever the application does meanwhile. */
    private static void pastTwoPullExpiries() throws InterruptedException {
        Thread.sleep(2_500);
    }

    private long timedStop() {
        long start = System.nanoTime();
        stopContainer();
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    @Test
    void idleChannelStopsQuicklyAfterPullsExpired() throws Exception {
        start(app(), Worker.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer("workers").getNumWaiting() > 0);
        pastTwoPullExpiries();
        // the server answered each expired pull: an idle channel is no stalled one
        assertTrue(readiness().isOk(), describe(readiness()));
        long millis = timedStop();
        assertTrue(millis < 3_000, "stop took " + millis + " ms");
    }

    @Test
    void channelStopsQuicklyAfterTraffic() throws Exception {
        start(app(), Worker.class);
        for (int i = 0; i < 500; i++) {
            publish(prefix + ".tasks." + i, "task-" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> bean(Worker.class).received().size() == 500);
        pastTwoPullExpiries();
        long millis = timedStop();
        assertTrue(millis < 3_000, "stop took " + millis + " ms");
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer("workers").getNumAckPending() == 0);
        assertEquals(500, consumer("workers").getAckFloor().getStreamSequence());
    }

    @Test
    void stopWaitsForTheMessageInFlightAndAcksIt() throws Exception {
        start(app(), Worker.class);
        List<String> received = bean(Worker.class).received();
        CountDownLatch slow = bean(Worker.class).slow();
        publish(prefix + ".tasks.1", "slow-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer("workers").getNumAckPending() == 1);
        new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            slow.countDown();
        }).start();
        long millis = timedStop();
        assertTrue(millis >= 300 && millis < 3_000, "stop took " + millis + " ms");
        assertEquals(List.of("slow-1"), received);
        // Acked before the connection closed: nothing left to redeliver.
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer("workers").getNumAckPending() == 0);
        assertEquals(1, consumer("workers").getAckFloor().getStreamSequence());
    }

    @Test
    void stopWaitsForTheAcksOfAnAsynchronousMethod() throws Exception {
        start(app(), AsyncWorker.class);
        AsyncWorker worker = bean(AsyncWorker.class);
        publish(prefix + ".tasks.1", "held-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.received().size() == 1);
        CompletableFuture<Void> release = worker.release();
        new Thread(() -> {
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            release.complete(null);
        }).start();
        long millis = timedStop();
        assertTrue(millis >= 300 && millis < 3_000, "stop took " + millis + " ms");
        // The ack went out on the connection, which stayed open for it: nothing left to redeliver.
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer("workers").getNumAckPending() == 0);
        assertEquals(1, consumer("workers").getAckFloor().getStreamSequence());
    }
}
