package io.smallrye.reactive.messaging.nats;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.config.Config;

import io.nats.client.Connection;

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

        /**
         * The channel's configuration, as the connector received it: wrap it in the generated
         * {@code NatsConnectorIncomingConfiguration} to read the connector's attributes, or read your own.
         */
        Config config();

        /** The channel's connection, to publish a dead letter for instance. */
        Connection connection();

        /** Records a failure; a fatal one stops the channel and turns liveness down. */
        void reportFailure(Throwable failure, boolean fatal);

        /** Counts a message sent to the dead-letter subject. */
        void reportDeadLetter();
    }

    interface Factory {
        NatsFailureHandler create(Context context);
    }
}
