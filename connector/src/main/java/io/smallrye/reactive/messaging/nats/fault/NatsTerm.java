package io.smallrye.reactive.messaging.nats.fault;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.nats.IncomingJetStreamMessage;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.JetStreamNackMetadata;
import io.smallrye.reactive.messaging.nats.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.Failures;

/** {@code term} (JetStream): tell the server never to deliver the message again, and log why. */
public class NatsTerm implements NatsFailureHandler {

    @ApplicationScoped
    @Identifier(Strategy.TERM)
    public static class Factory implements NatsFailureHandler.Factory {
        @Override
        public NatsFailureHandler create(Context context) {
            return new NatsTerm(context.channel());
        }
    }

    private final String channel;

    NatsTerm(String channel) {
        this.channel = channel;
    }

    @Override
    public CompletionStage<Void> handle(IncomingNatsMessage<?> message, Throwable reason,
            Optional<JetStreamNackMetadata> nack) {
        NatsLogging.log.terminated(channel, message.getNatsMetadata().getSubject(), String.valueOf(Failures.cause(reason)));
        // a JetStream-only strategy: the connector refuses it on core channels
        return ((IncomingJetStreamMessage<?>) message).terminate();
    }
}
