package io.smallrye.reactive.messaging.nats.it.jetstream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.nats.client.api.ConsumerInfo;
import io.smallrye.reactive.messaging.nats.IncomingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.it.base.JetStreamTestBase;

class JetStreamConsumeTest extends JetStreamTestBase {

    @ApplicationScoped
    public static class Workers {
        private final List<IncomingJetStreamMetadata> first = new CopyOnWriteArrayList<>();
        private final List<IncomingJetStreamMetadata> second = new CopyOnWriteArrayList<>();
        private final List<String> subjects = new CopyOnWriteArrayList<>();

        @Incoming("work")
        CompletionStage<Void> work(Message<String> message) {
            first.add(message.getMetadata(IncomingJetStreamMetadata.class).orElseThrow());
            subjects.add(message.getMetadata(IncomingNatsMetadata.class).orElseThrow().getSubject());
            return message.ack();
        }

        @Incoming("work-replica")
        CompletionStage<Void> replica(Message<String> message) {
            second.add(message.getMetadata(IncomingJetStreamMetadata.class).orElseThrow());
            return message.ack();
        }

        List<IncomingJetStreamMetadata> first() {
            return first;
        }

        List<IncomingJetStreamMetadata> second() {
            return second;
        }

        List<String> subjects() {
            return subjects;
        }
    }

    @ApplicationScoped
    public static class Auditor {
        private final List<Long> sequences = new CopyOnWriteArrayList<>();

        @Incoming("audit")
        CompletionStage<Void> audit(Message<String> message) {
            sequences.add(message.getMetadata(IncomingJetStreamMetadata.class).orElseThrow().getStreamSequence());
            return message.ack(); // no-op on an ordered consumer, which has no acks
        }

        List<Long> sequences() {
            return sequences;
        }
    }

    /** Tasks 1 to {@code count}, each on its own subject {@code <prefix>.tasks.<n>}. */
    private void publishTasks(int count) throws Exception {
        for (int i = 1; i <= count; i++) {
            publish(prefix + ".tasks." + i, "task-" + i);
        }
    }

    @Test
    void durableConsumerDeliversWithMetadataAndAcks() throws Exception {
        publishTasks(50);
        start(jetStreamIncoming(config(), "work", "workers"), Workers.class);
        Workers workers = bean(Workers.class);

        await().atMost(Duration.ofSeconds(15)).until(() -> workers.first().size() == 50);
        IncomingJetStreamMetadata first = workers.first().get(0);
        assertEquals(stream, first.getStream());
        assertEquals("workers", first.getConsumer());
        assertEquals(1, first.getStreamSequence());
        assertEquals(1, first.getDeliveredCount());
        assertEquals(49, first.getPending());
        assertEquals(prefix + ".tasks.1", workers.subjects().get(0));
        // The server itself says every message was acknowledged.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            ConsumerInfo info = consumer("workers");
            return info.getNumAckPending() == 0 && info.getAckFloor().getStreamSequence() == 50;
        });
        assertTrue(readiness().isOk(), describe(readiness()));
    }

    @Test
    void pullingOneAtATimeTakesEachMessageAtOnce() throws Exception {
        publishTasks(20);
        Map<String, String> config = jetStreamIncoming(config(), "work", "one-at-a-time");
        config.put("mp.messaging.incoming.work.pull-batch-size", "1");
        start(config, Workers.class);
        // jnats' iterable consumer pulls a batch of one again only once its pull expired (5 s): 20 messages would take
        // minutes; with a fetch per message they take a moment.
        await().atMost(Duration.ofSeconds(8)).until(() -> bean(Workers.class).first().size() == 20);
    }

    @Test
    void aBacklogBeyondOneBatchIsPulledAheadWithoutLossOrDuplicates() throws Exception {
        publishTasks(1_000);
        Map<String, String> config = jetStreamIncoming(config(), "work", "ahead");
        config.put("mp.messaging.incoming.work.pull-batch-size", "64");
        start(config, Workers.class);
        Workers workers = bean(Workers.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> workers.first().size() >= 1_000);
        assertEquals(IntStream.rangeClosed(1, 1_000).mapToObj(Long::valueOf).toList(),
                workers.first().stream().map(IncomingJetStreamMetadata::getStreamSequence).toList(), "in stream order, once");
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer("ahead").getNumAckPending() == 0);
    }

    @Test
    void doubleAcksAreConfirmedByTheServer() throws Exception {
        publishTasks(20);
        Map<String, String> config = jetStreamIncoming(config(), "work", "double");
        config.put("mp.messaging.incoming.work.ack-mode", "double");
        start(config, Workers.class);
        Workers workers = bean(Workers.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> workers.first().size() == 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            ConsumerInfo info = consumer("double");
            return info.getNumAckPending() == 0 && info.getAckFloor().getStreamSequence() == 20;
        });
    }

    @Test
    void replicasSharingADurableConsumerSplitTheWork() throws Exception {
        Map<String, String> config = jetStreamIncoming(config(), "work", "shared");
        jetStreamIncoming(config, "work-replica", "shared");
        config.put("mp.messaging.incoming.work.connection-name", "replica-1");
        config.put("mp.messaging.incoming.work-replica.connection-name", "replica-2");
        config.put("mp.messaging.incoming.work.pull-batch-size", "10");
        config.put("mp.messaging.incoming.work-replica.pull-batch-size", "10");
        start(config, Workers.class);
        Workers workers = bean(Workers.class);
        await().until(() -> readiness().isOk());

        for (int i = 1; i <= 400; i++) {
            publish(prefix + ".tasks", "task-" + i);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> workers.first().size() + workers.second().size() >= 400);
        List<Long> all = Stream.concat(workers.first().stream(), workers.second().stream())
                .map(IncomingJetStreamMetadata::getStreamSequence).toList();
        assertEquals(400, all.size(), "no message processed twice");
        assertEquals(IntStream.rangeClosed(1, 400).boxed().map(Long::valueOf).collect(Collectors.toSet()),
                Set.copyOf(all));
        assertTrue(!workers.first().isEmpty() && !workers.second().isEmpty(),
                workers.first().size() + " / " + workers.second().size());
    }

    @Test
    void orderedReplayReadsTheStreamInOrderFromASequence() throws Exception {
        for (int i = 1; i <= 10; i++) {
            publish(prefix + ".audit", "entry-" + i);
        }
        Map<String, String> config = jetStreamIncoming(config(), "audit", null);
        config.put("mp.messaging.incoming.audit.ordered", "true");
        config.put("mp.messaging.incoming.audit.deliver-policy", "by-start-sequence");
        config.put("mp.messaging.incoming.audit.deliver-start-sequence", "5");
        start(config, Auditor.class);
        Auditor auditor = bean(Auditor.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> auditor.sequences().size() == 6);
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), auditor.sequences());
    }
}
