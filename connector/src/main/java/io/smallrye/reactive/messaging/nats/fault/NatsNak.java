package io.smallrye.reactive.messaging.nats.fault;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.nats.IncomingJetStreamMessage;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.JetStreamNackMetadata;
import io.smallrye.reactive.messaging.nats.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.connector.NatsConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.Failures;

/**
 * {@code nak} (JetStream default): ask for a redelivery, after the nack metadata's delay or the channel's backoff.
 * On the last delivery {@code max-deliver} allows, the message goes to the dead-letter subject when one is set,
 * because the server would otherwise drop it.
 */
public class NatsNak implements NatsFailureHandler {

    @ApplicationScoped
    @Identifier(Strategy.NAK)
    public static class Factory implements NatsFailureHandler.Factory {
        @Override
        public NatsFailureHandler create(Context context) {
            NatsConnectorIncomingConfiguration config = new NatsConnectorIncomingConfiguration(context.config());
            NatsDeadLetter deadLetter = config.getDeadLetterSubject().map(subject -> new NatsDeadLetter(context, subject))
                    .orElse(null);
            return new NatsNak(context.channel(), config.getMaxDeliver(), deadLetter);
        }
    }

    private final String channel;
    private final int maxDeliver;
    private final NatsDeadLetter deadLetter;

    NatsNak(String channel, int maxDeliver, NatsDeadLetter deadLetter) {
        this.channel = channel;
        this.maxDeliver = maxDeliver;
        this.deadLetter = deadLetter;
    }

    @Override
    public CompletionStage<Void> handle(IncomingNatsMessage<?> message, Throwable reason,
            Optional<JetStreamNackMetadata> nack) {
        // a JetStream-only strategy: the connector refuses it on core channels
        IncomingJetStreamMessage<?> delivery = (IncomingJetStreamMessage<?>) message;
        long delivered = delivery.getJetStreamMetadata().getDeliveredCount();
        if (deadLetter != null && maxDeliver > 0 && delivered >= maxDeliver) {
            return deadLetter.handle(message, reason, nack);
        }
        NatsLogging.log.redelivering(channel, message.getNatsMetadata().getSubject(), delivered,
                String.valueOf(Failures.cause(reason)));
        return delivery.redeliver(nack.map(JetStreamNackMetadata::delay).orElse(null));
    }
}
