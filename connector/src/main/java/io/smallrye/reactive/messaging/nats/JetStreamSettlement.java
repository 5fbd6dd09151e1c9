package io.smallrye.reactive.messaging.nats;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import io.nats.client.Message;

/** How the deliveries of a JetStream consumer are settled with the server; the channel that received them provides it. */
public interface JetStreamSettlement {

    CompletionStage<Void> ack(Message message);

    /** Redelivery after {@code delay}, or after the channel's backoff when null. */
    CompletionStage<Void> nak(Message message, Duration delay);

    /** Never to be delivered again. */
    CompletionStage<Void> term(Message message);

    /** Still being worked on: the server restarts its ack-wait. */
    void inProgress(Message message);
}
