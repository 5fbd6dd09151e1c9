package io.smallrye.reactive.messaging.nats;

import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Metadata;

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
        super(message, payload, Metadata.of(natsMetadata, new IncomingJetStreamMetadata(message)), failureHandler);
        this.acks = acks;
    }

    public IncomingJetStreamMetadata getJetStreamMetadata() {
        return getMetadata().get(IncomingJetStreamMetadata.class).orElseThrow();
    }

    @Override
    protected CompletionStage<Void> acknowledge() {
        return acks.ack(getNatsMessage());
    }

    @Override
    public CompletionStage<Void> redeliver(Metadata nackMetadata) {
        return acks.nak(getNatsMessage(), nackMetadata.get(JetStreamNackMetadata.class).map(JetStreamNackMetadata::delay)
                .orElse(null));
    }

    @Override
    public CompletionStage<Void> terminate() {
        return acks.term(getNatsMessage());
    }
}
