package io.smallrye.reactive.messaging.nats.fault;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.JetStreamNackMetadata;
import io.smallrye.reactive.messaging.nats.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.Failures;

/** {@code ignore}: log the nack with its cause, acknowledge the message and go on with the next one. */
public class NatsIgnore implements NatsFailureHandler {

    @ApplicationScoped
    @Identifier(Strategy.IGNORE)
    public static class Factory implements NatsFailureHandler.Factory {
        @Override
        public NatsFailureHandler create(Context context) {
            return new NatsIgnore(context.channel());
        }
    }

    private final String channel;

    NatsIgnore(String channel) {
        this.channel = channel;
    }

    @Override
    public CompletionStage<Void> handle(IncomingNatsMessage<?> message, Throwable reason,
            Optional<JetStreamNackMetadata> nack) {
        NatsLogging.log.ignored(channel, message.getNatsMetadata().getSubject(), String.valueOf(Failures.cause(reason)));
        return message.ack(); // JetStream: acknowledged, so the server does not redeliver it
    }
}
