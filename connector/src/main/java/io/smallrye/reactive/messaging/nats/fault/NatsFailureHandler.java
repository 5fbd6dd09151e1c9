package io.smallrye.reactive.messaging.nats.fault;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.inject.Instance;

import io.nats.client.Connection;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.JetStreamNackMetadata;
import io.smallrye.reactive.messaging.nats.NatsConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;

/**
 * What a nack does on an incoming channel, chosen by the {@code failure-strategy} attribute. Add a strategy by
 * declaring a {@link Factory} bean with {@code @Identifier("my-strategy")}.
 */
public interface NatsFailureHandler {

    interface Strategy {
        String FAIL = "fail";
        String IGNORE = "ignore";
        String DEAD_LETTER = "dead-letter";
        String NAK = "nak";
        String TERM = "term";
    }

    /**
     * @param nack the {@link JetStreamNackMetadata} the nack carried, if any (only SmallRye's Message API can carry one)
     * @return completes when the failure is handled; fails when the channel cannot go on
     */
    CompletionStage<Void> handle(IncomingNatsMessage<?> message, Throwable reason, Optional<JetStreamNackMetadata> nack);

    /** What a strategy may use from its channel. */
    interface Context {
        String channel();

        /** The channel's connection, to publish a dead letter for instance. */
        Connection connection();

        /** Records a failure; a fatal one stops the channel and turns liveness down. */
        void reportFailure(Throwable failure, boolean fatal);

        /** Counts a message sent to the dead-letter subject. */
        void reportDeadLetter();
    }

    interface Factory {
        NatsFailureHandler create(NatsConnectorIncomingConfiguration config, Context context);

        /** The factory named by the channel's {@code failure-strategy}, or a deployment error naming it. */
        static Factory select(Instance<Factory> factories, NatsConnectorIncomingConfiguration config) {
            boolean jetStream = config.getJetstream();
            String strategy = config.getFailureStrategy().orElse(jetStream ? Strategy.NAK : Strategy.FAIL);
            if (!jetStream && (strategy.equals(Strategy.NAK) || strategy.equals(Strategy.TERM))) {
                throw NatsExceptions.ex.jetStreamOnlyStrategy(strategy, config.getChannel());
            }
            Instance<Factory> selected = factories.select(Identifier.Literal.of(strategy));
            if (!selected.isResolvable()) {
                throw NatsExceptions.ex.unknownFailureStrategy(strategy, config.getChannel());
            }
            return selected.get();
        }
    }
}
