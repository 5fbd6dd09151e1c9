package io.smallrye.reactive.messaging.nats.fault;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.nats.IncomingJetStreamMessage;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.JetStreamNackMetadata;
import io.smallrye.reactive.messaging.nats.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.Failures;

/** {@code fail}: the first nack stops the channel and turns its liveness down. */
public class NatsFailStop implements NatsFailureHandler {

    @ApplicationScoped
    @Identifier(Strategy.FAIL)
    public static class Factory implements NatsFailureHandler.Factory {
        @Override
        public NatsFailureHandler create(Context context) {
            return new NatsFailStop(context);
        }
    }

    private final Context context;

    NatsFailStop(Context context) {
        this.context = context;
    }

    @Override
    public CompletionStage<Void> handle(IncomingNatsMessage<?> message, Throwable failure,
            Optional<JetStreamNackMetadata> nack) {
        Throwable reason = Failures.cause(failure);
        NatsLogging.log.failStop(context.channel(), message.getNatsMetadata().getSubject(), reason);
        context.reportFailure(reason, true);
        if (message instanceof IncomingJetStreamMessage<?> delivery) {
            delivery.redeliver(null); // hand it back at once, e.g. to a healthy replica
        }
        return CompletableFuture.failedFuture(reason);
    }
}
