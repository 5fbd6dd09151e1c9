package io.smallrye.reactive.messaging.nats;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import io.smallrye.reactive.messaging.nats.fault.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.impl.JetStreamAcks;

/**
 * A message delivered by a JetStream consumer: {@code ack()} acknowledges it to the server (or confirms with a
 * double ack in {@code ack-mode=double}); {@code nack()} goes to the failure strategy, by default a redelivery.
 */
public class IncomingJetStreamMessage<T> extends IncomingNatsMessage<T> {

    private final JetStreamAcks acks;

    public IncomingJetStreamMessage(io.nats.client.Message message, T payload, IncomingNatsMetadata natsMetadata,
            NatsFailureHandler failureHandler, JetStreamAcks acks) {
        super(message, payload, List.of(natsMetadata, new IncomingJetStreamMetadata(message)), failureHandler);
        this.acks = acks;
    }

    private IncomingJetStreamMessage(IncomingJetStreamMessage<?> delivery, T payload) {
        super(delivery, payload);
        this.acks = delivery.acks;
    }

    @Override
    public <P> IncomingJetStreamMessage<P> withPayload(P payload) {
        return new IncomingJetStreamMessage<>(this, payload);
    }

    public IncomingJetStreamMetadata getJetStreamMetadata() {
        return metadata(IncomingJetStreamMetadata.class).orElseThrow();
    }

    @Override
    protected CompletionStage<Void> acknowledge() {
        return acks.ack(getNatsMessage());
    }

    @Override
    public CompletionStage<Void> redeliver(Duration delay) {
        return acks.nak(getNatsMessage(), delay);
    }

    @Override
    public CompletionStage<Void> terminate() {
        return acks.term(getNatsMessage());
    }
}
