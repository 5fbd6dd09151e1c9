package io.smallrye.reactive.messaging.nats.it.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.smallrye.reactive.messaging.nats.IncomingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/**
 * Fault and load behaviour of JetStream channels against a server of their own. Counts are system properties
 * ({@code jetstream.fault.messages}, {@code jetstream.backlog.messages}) so a longer run needs no code change.
 */
class JetStreamKillTest extends NatsTestBase {

    private static final int FAULT_MESSAGES = Integer.getInteger("jetstream.fault.messages", 20_000);
    private static final int BACKLOG_MESSAGES = Integer.getInteger("jetstream.backlog.messages", 100_000);

    private NatsServer own;
    private Connection publisher;

    @Singleton // no client proxy: the test reads the fields directly
    public static class Counting {
        private final Set<Long> sequences = ConcurrentHashMap.newKeySet();
        private final AtomicInteger deliveries = new AtomicInteger();
        private final AtomicInteger redeliveries = new AtomicInteger();
        private final AtomicLong lastReceived = new AtomicLong();

        @Incoming("work")
        CompletionStage<Void> work(Message<String> message) {
            IncomingJetStreamMetadata meta = message.getMetadata(IncomingJetStreamMetadata.class).orElseThrow();
            lastReceived.set(System.nanoTime());
            deliveries.incrementAndGet();
            sequences.add(meta.getStreamSequence());
            if (meta.getDeliveredCount() > 1) {
                redeliveries.incrementAndGet();
            }
            return message.ack();
        }
    }

    /** Acks each message 20 ms after it arrived, from another thread, so in-flight messages pile up. */
    @Singleton // no client proxy: the test reads the fields directly
    public static class LateAcker {
        private final ScheduledExecutorService acker = Executors.newSingleThreadScheduledExecutor();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger maxInFlight = new AtomicInteger();
        private final AtomicInteger acked = new AtomicInteger();

        @Incoming("work")
        CompletionStage<Void> work(Message<String> message) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            acker.schedule(() -> {
                inFlight.decrementAndGet(); // before the ack leaves, so the server cannot deliver the next one earlier
                message.ack().thenRun(acked::incrementAndGet);
            }, 20, TimeUnit.MILLISECONDS);
            return CompletableFuture.completedFuture(null);
        }
    }

    @AfterEach
    void stopOwnServer() throws InterruptedException {
        if (publisher != null) {
            publisher.close();
        }
    }

    private Map<String, String> consumerOf(String stream) {
        Map<String, String> config = incoming(config(), "work", "fault.>");
        config.put("mp.messaging.connector.smallrye-nats.url", own.url());
        config.put("mp.messaging.connector.smallrye-nats.reconnect-wait", "100ms");
        config.put("mp.messaging.connector.smallrye-nats.reconnect-jitter", "0");
        config.put("mp.messaging.incoming.work.jetstream", "true");
        config.put("mp.messaging.incoming.work.stream", stream);
        config.put("mp.messaging.incoming.work.durable", "workers");
        return config;
    }

    /** Publishes with async PubAcks, at most 1000 outstanding, and waits for all of them. */
    private void fill(String stream, int count) throws Exception {
        publisher = Nats.connect(new Options.Builder().server(own.url()).maxReconnects(-1).build());
        publisher.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream).subjects("fault.>")
                .storageType(StorageType.File).build());
        JetStream js = publisher.jetStream();
        CompletableFuture<?>[] window = new CompletableFuture<?>[1000];
        for (int i = 0; i < count; i++) {
            if (window[i % window.length] != null) {
                window[i % window.length].get(30, TimeUnit.SECONDS);
            }
            window[i % window.length] = js.publishAsync("fault.task", ("task-" + i).getBytes());
        }
        CompletableFuture.allOf(java.util.Arrays.stream(window).filter(f -> f != null).toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
    }

    /** With both ack modes: a double ack is confirmed by the server, so fewer acks are lost in the crash. */
    @ParameterizedTest
    @ValueSource(strings = { "single", "double" })
    void killingTheServerMidStreamLosesNothingAndConsumptionResumesQuickly(String ackMode) throws Exception {
        own = servers.own(NatsServer.builder().jetStream().start());
        fill("FAULT", FAULT_MESSAGES);
        Map<String, String> config = consumerOf("FAULT");
        config.put("mp.messaging.incoming.work.ack-wait", "2s"); // acks lost in the crash come back after this
        config.put("mp.messaging.incoming.work.ack-mode", ackMode);
        start(config, Counting.class);
        Counting counting = bean(Counting.class);

        await().atMost(Duration.ofSeconds(30)).until(() -> counting.sequences.size() >= FAULT_MESSAGES / 4);
        own.kill();
        int processedAtCrash = counting.sequences.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> !readiness().isOk());
        own.start();
        long reachable = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> counting.lastReceived.get() > reachable);
        long resumeGapMillis = Duration.ofNanos(counting.lastReceived.get() - reachable).toMillis();

        await().atMost(Duration.ofSeconds(60)).until(() -> counting.sequences.size() == FAULT_MESSAGES);
        int duplicates = counting.deliveries.get() - FAULT_MESSAGES;
        System.out.printf(
                "JetStream SIGKILL, ack-mode=" + ackMode + " on " + NatsServer.executable()
                        + ": %d messages, killed after %d, resume gap %d ms after the server was "
                        + "reachable again, %d deliveries, %d duplicates (%d marked as redeliveries), %d lost%n",
                FAULT_MESSAGES,
                processedAtCrash, resumeGapMillis, counting.deliveries.get(), duplicates, counting.redeliveries.get(),
                FAULT_MESSAGES - counting.sequences.size());
        // A crash loses the acks, and the consumer state the server had not written yet: only messages delivered
        // before the crash can come again (some with a delivered count reset to 1), so consumers must be idempotent.
        assertTrue(duplicates <= processedAtCrash + 1_000, "duplicates: " + duplicates);
        assertTrue(resumeGapMillis < 2_000, "consumption resumes within 2 s of the server being back: " + resumeGapMillis);
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness().isOk());
    }

    /**
     * A frozen server (SIGSTOP) keeps the connection open and answers nothing: no disconnect tells the channel, only
     * the pulls' missing heartbeats do.
     */
    @Test
    void aServerThatStopsAnsweringShowsAsStalledAndConsumptionResumesWhenItAnswersAgain() throws Exception {
        own = servers.own(NatsServer.builder().jetStream().start());
        fill("FROZEN", 10);
        Map<String, String> config = consumerOf("FROZEN");
        config.put("mp.messaging.incoming.work.pull-expires", "2s"); // heartbeats every second
        start(config, Counting.class);
        Counting counting = bean(Counting.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> counting.sequences.size() == 10 && readiness().isOk());

        signal("STOP");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> describe(readiness()).contains("stalled"));
        } finally {
            signal("CONT");
        }
        publisher.jetStream().publish("fault.task", "after the freeze".getBytes());
        await().atMost(Duration.ofSeconds(20)).until(() -> counting.sequences.size() == 11);
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness().isOk());
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(own.pid())).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name);
    }

    @Test
    void aLargeBacklogIsConsumedWithInFlightBoundedByMaxAckPending() throws Exception {
        own = servers.own(NatsServer.builder().jetStream().start());
        fill("BACKLOG", BACKLOG_MESSAGES);
        Map<String, String> config = consumerOf("BACKLOG");
        config.put("mp.messaging.incoming.work.max-ack-pending", "500");
        System.gc();
        long heapBefore = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        start(config, LateAcker.class);
        LateAcker acker = bean(LateAcker.class);

        await().atMost(Duration.ofSeconds(120)).until(() -> acker.acked.get() == BACKLOG_MESSAGES);
        long heapAfter = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.out.printf("JetStream backlog: %d messages, max in flight %d (max-ack-pending 500), heap %d MiB -> %d MiB%n",
                BACKLOG_MESSAGES, acker.maxInFlight.get(), heapBefore >> 20, heapAfter >> 20);
        assertTrue(acker.maxInFlight.get() <= 500, "in flight: " + acker.maxInFlight.get());
        assertTrue(acker.maxInFlight.get() > 100, "acks were late enough to pile up: " + acker.maxInFlight.get());
        acker.acker.shutdownNow();
    }
}
