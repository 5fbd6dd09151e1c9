package io.smallrye.reactive.messaging.nats.benchmarks;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.nats.NatsRequestReply;

/** The application side of each workload, written as a user of the connector would write it. */
final class ConnectorApps {

    private ConnectorApps() {
    }

    /** Emits bursts of payloads through "source"; a sink counts what "sink" receives. */
    @Singleton
    public static class PubSub {
        final Bursts<Message<byte[]>> source = new Bursts<>(Message::of);
        volatile CountDownLatch received;

        @Outgoing("source")
        Multi<Message<byte[]>> source() {
            return source.messages();
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

    /** Where each JetStream consumer counts its run's messages; see {@link ConsumeRun} for the gate. */
    public abstract static class JetStreamCount {
        volatile ConsumeRun run;
    }

    /** Acks every message. */
    @Singleton
    public static class JetStreamConsume extends JetStreamCount {
        @Incoming("js-in")
        CompletionStage<Void> consume(Message<byte[]> message) {
            return run.pass(1).thenCompose(passed -> message.ack());
        }
    }

    /** A {@code batch=true} channel: acks a batch at a time, which acks each of its messages. */
    @Singleton
    public static class JetStreamBatchConsume extends JetStreamCount {
        @Incoming("js-in")
        CompletionStage<Void> consume(Message<List<byte[]>> batch) {
            return run.pass(batch.getPayload().size()).thenCompose(passed -> batch.ack());
        }
    }
}
