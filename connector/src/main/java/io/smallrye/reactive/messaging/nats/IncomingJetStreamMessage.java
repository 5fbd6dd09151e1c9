package io.smallrye.reactive.messaging.nats;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A message delivered by a JetStream consumer: {@code ack()} acknowledges it to the server (or confirms with a
 * double ack in {@code ack-mode=double}); {@code nack()} goes to the failure strategy, by default a redelivery.
 */
public class IncomingJetStreamMessage<T> extends IncomingNatsMessage<T> {

    private final JetStreamSettlement settlement;

    public IncomingJetStreamMessage(io.nats.client.Message message, T payload, IncomingNatsMetadata natsMetadata,
            NatsFailureHandler failureHandler, JetStreamSettlement settlement) {
        super(message, payload, List.of(natsMetadata, new IncomingJetStreamMetadata(message)), failureHandler);
        this.settlement = settlement;
    }

    private IncomingJetStreamMessage(IncomingJetStreamMessage<?> delivery, T payload) {
        super(delivery, payload);
        this.settlement = delivery.settlement;
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
        return settlement.ack(getNatsMessage());
    }

    /** Asks for a later redelivery, after {@code delay} or, when null, the channel's backoff. */
    public CompletionStage<Void> redeliver(Duration delay) {
        return settlement.nak(getNatsMessage(), delay);
    }

    /** Tells the server never to deliver this message again. */
    public CompletionStage<Void> terminate() {
        return settlement.term(getNatsMessage());
    }

    /** Tells the server the message is still being worked on, so that ack-wait starts again (see auto-in-progress). */
    public void inProgress() {
        settlement.inProgress(getNatsMessage());
    }
}
