package io.smallrye.reactive.messaging.nats.benchmarks.quarkus;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.nats.NatsRequestReply;
import io.smallrye.reactive.messaging.nats.benchmarks.Bursts;
import io.smallrye.reactive.messaging.nats.benchmarks.ConsumeRun;
import io.smallrye.reactive.messaging.nats.benchmarks.Settlements;

/**
 * The application side of each workload, written as a Quarkus user writes it: where the method signature decides
 * the thread, once with a blocking signature (a Quarkus worker), for consumers also with
 * {@code @Blocking(ordered = false)} (several workers) and taking a batch ({@code batch=true}: a worker, one call per
 * batch), and once non-blocking (the message's event loop).
 * Singletons, not application-scoped: the workloads read and set their fields, which a client proxy would not share.
 */
final class Channels {

    private Channels() {
    }

    /** Bursts of payloads through a source per signature; each sink counts what it receives. */
    @Singleton
    public static class PubSub {
        final Bursts<Message<byte[]>> blockingSource = new Bursts<>(Message::of);
        final Bursts<Message<byte[]>> unorderedSource = new Bursts<>(Message::of);
        final Bursts<Message<byte[]>> batchSource = new Bursts<>(Message::of);
        final Bursts<Message<byte[]>> nonBlockingSource = new Bursts<>(Message::of);
        volatile CountDownLatch received;

        @Outgoing("core-blocking-out")
        Multi<Message<byte[]>> blockingSource() {
            return blockingSource.messages();
        }

        @Outgoing("core-unordered-out")
        Multi<Message<byte[]>> unorderedSource() {
            return unorderedSource.messages();
        }

        @Outgoing("core-batch-out")
        Multi<Message<byte[]>> batchSource() {
            return batchSource.messages();
        }

        @Outgoing("core-non-blocking-out")
        Multi<Message<byte[]>> nonBlockingSource() {
            return nonBlockingSource.messages();
        }

        Bursts<Message<byte[]>> source(Signature signature) {
            return switch (signature) {
                case BLOCKING -> blockingSource;
                case UNORDERED -> unorderedSource;
                case BATCH -> batchSource;
                case NON_BLOCKING -> nonBlockingSource;
            };
        }

        @Incoming("core-blocking")
        void blocking(byte[] payload) {
            received.countDown();
        }

        @Incoming("core-unordered")
        @Blocking(ordered = false)
        void unordered(byte[] payload) {
            received.countDown();
        }

        @Incoming("core-batch")
        void batch(List<byte[]> payloads) {
            for (int i = 0; i < payloads.size(); i++) {
                received.countDown();
            }
        }

        @Incoming("core-non-blocking")
        @NonBlocking
        void nonBlocking(byte[] payload) {
            received.countDown();
        }
    }

    /** Echoes each question back through its reply-to, once per signature; asks through the "ask" channels. */
    @Singleton
    public static class RequestReply {
        @Inject
        @Channel("ask-blocking")
        NatsRequestReply<byte[], byte[]> askBlocking;

        @Inject
        @Channel("ask-non-blocking")
        NatsRequestReply<byte[], byte[]> askNonBlocking;

        @Incoming("questions-blocking")
        @Outgoing("answers-blocking")
        byte[] answerBlocking(byte[] question) {
            return question;
        }

        @Incoming("questions-non-blocking")
        @Outgoing("answers-non-blocking")
        Uni<byte[]> answerNonBlocking(byte[] question) {
            return Uni.createFrom().item(question);
        }
    }

    /** Bursts to JetStream; counts PubAcks (acks) and failures (nacks). */
    @Singleton
    public static class JetStreamPublish {
        final Settlements settlements = new Settlements();
        final Bursts<Message<byte[]>> source = new Bursts<>(
                payload -> Message.of(payload).withAck(settlements::ack).withNack(settlements::nack));

        @Outgoing("js-out")
        Multi<Message<byte[]>> source() {
            return source.messages();
        }
    }

    /** Consumes and acks, once per signature; see {@link ConsumeRun} for the gate. */
    @Singleton
    public static class JetStreamConsume {
        volatile ConsumeRun run;

        @Incoming("js-blocking")
        void blocking(byte[] payload) {
            run.pass(1).toCompletableFuture().join(); // a worker thread: Quarkus runs this signature as blocking
        }

        @Incoming("js-unordered")
        @Blocking(ordered = false)
        void unordered(byte[] payload) {
            run.pass(1).toCompletableFuture().join();
        }

        @Incoming("js-batch")
        void batch(List<byte[]> payloads) {
            run.pass(payloads.size()).toCompletableFuture().join();
        }

        @Incoming("js-non-blocking")
        CompletionStage<Void> nonBlocking(Message<byte[]> message) {
            return run.pass(1).thenCompose(passed -> message.ack());
        }
    }
}
