package io.smallrye.reactive.messaging.nats.benchmarks;

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

    /** Emits {@code count} payloads through "source" once started, and counts what "sink" receives. */
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

        @Incoming("sink")
        void sink(byte[] payload) {
            received.countDown();
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
        final java.util.List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

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

    /** Acks every JetStream message; records when the first arrived, and the CPU time used until then. */
    @Singleton
    public static class JetStreamConsume {
        /** Set before the application starts: messages flow as soon as it has. */
        static volatile LongSupplier cpu;
        volatile CountDownLatch received;
        volatile long first;
        volatile long firstCpu;

        @Incoming("js-in")
        CompletionStage<Void> consume(Message<byte[]> message) {
            if (first == 0) {
                first = System.nanoTime();
                firstCpu = cpu.getAsLong();
            }
            received.countDown();
            return message.ack();
        }
    }
}
