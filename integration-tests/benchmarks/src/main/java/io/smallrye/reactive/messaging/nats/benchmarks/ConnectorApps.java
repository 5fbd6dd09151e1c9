package io.smallrye.reactive.messaging.nats.benchmarks;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.nats.NatsRequestReply;

/** The application side of each workload, written as a user of the connector would write it. */
final class ConnectorApps {

    private ConnectorApps() {
    }

    /** Emits {@code count} payloads through "source" once started; a sink counts what "sink" receives. */
    @Singleton
    public static class PubSub {
        final CompletableFuture<byte[]> start = new CompletableFuture<>();
        volatile CountDownLatch received;
        volatile int count;

        @Outgoing("source")
        Multi<Message<byte[]>> source() {
            return Uni.createFrom().completionStage(start).onItem()
                    .transformToMulti(payload -> Multi.createFrom().range(0, count).map(i -> Message.of(payload)));
        }
    }

    /** One payload per call. */
    @Singleton
    public static class Sink {
        @Inject
        PubSub pubSub;

        @Incoming("sink")
        void sink(byte[] payload) {
            pubSub.received.countDown();
        }
    }

    /** The {@link Sink} joined to {@link PubSub} in memory, no connector between them: SmallRye's own share. */
    @Singleton
    public static class InMemorySink {
        @Inject
        PubSub pubSub;

        @Incoming("source")
        void sink(byte[] payload) {
            pubSub.received.countDown();
        }
    }

    /** A {@code batch=true} channel: a list of payloads per call. */
    @Singleton
    public static class BatchSink {
        @Inject
        PubSub pubSub;

        @Incoming("sink")
        void sink(List<byte[]> payloads) {
            for (int i = 0; i < payloads.size(); i++) {
                pubSub.received.countDown();
            }
        }
    }

    /** Answers on "questions" through "answers" (reply-to), asks through "ask". */
    @Singleton
    public static class RequestReply {
        @Inject
        @Channel("ask")
        NatsRequestReply<byte[], byte[]> ask;

        @Incoming("questions")
        @Outgoing("answers")
        byte[] answer(byte[] question) {
            return question;
        }
    }

    /** Publishes {@code count} payloads to JetStream once started, and counts the PubAcks. */
    @Singleton
    public static class JetStreamPublish {
        final CompletableFuture<byte[]> start = new CompletableFuture<>();
        volatile CountDownLatch acked;
        volatile int count;
        final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Outgoing("js-out")
        Multi<Message<byte[]>> source() {
            return Uni.createFrom().completionStage(start).onItem()
                    .transformToMulti(payload -> Multi.createFrom().range(0, count).map(i -> Message.of(payload).withAck(() -> {
                        acked.countDown();
                        return CompletableFuture.completedFuture(null);
                    }).withNack(failure -> {
                        failures.add(failure);
                        acked.countDown();
                        return CompletableFuture.completedFuture(null);
                    })));
        }
    }

    /** Counts JetStream messages; records when the first arrived, and the CPU time used until then. */
    public abstract static class JetStreamCount {
        /** Set before the application starts: messages flow as soon as it has, maybe before its beans are looked up. */
        static volatile LongSupplier cpu;
        static volatile CountDownLatch received;
        /** Counted down at the first message. */
        static volatile CountDownLatch started;
        volatile long first;
        volatile long firstCpu;

        void arrived(int messages) {
            if (first == 0) {
                first = System.nanoTime();
                firstCpu = cpu.getAsLong();
                started.countDown();
            }
            for (int i = 0; i < messages; i++) {
                received.countDown();
            }
        }
    }

    /** Acks every message. */
    @Singleton
    public static class JetStreamConsume extends JetStreamCount {
        @Incoming("js-in")
        CompletionStage<Void> consume(Message<byte[]> message) {
            arrived(1);
            return message.ack();
        }
    }

    /** A {@code batch=true} channel: acks a batch at a time, which acks each of its messages. */
    @Singleton
    public static class JetStreamBatchConsume extends JetStreamCount {
        @Incoming("js-in")
        CompletionStage<Void> consume(Message<List<byte[]>> batch) {
            arrived(batch.getPayload().size());
            return batch.ack();
        }
    }
}
