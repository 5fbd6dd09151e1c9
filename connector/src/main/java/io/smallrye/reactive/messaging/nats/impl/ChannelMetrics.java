package io.smallrye.reactive.messaging.nats.impl;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.nats.client.Connection;

/**
 * The counters of a channel, in types every runtime can load; the OpenTelemetry implementation lives in the metrics
 * package and is only loaded where OpenTelemetry is present.
 */
public interface ChannelMetrics {

    ChannelMetrics NONE = new ChannelMetrics() {
    };

    /** An incoming message handed to the application; a redelivery when JetStream delivered it before. */
    default void received(boolean redelivery) {
    }

    /** An incoming message acked (true) or nacked (false). */
    default void settled(boolean acked) {
    }

    default void deadLettered() {
    }

    /** An outgoing message accepted by the server (true) or nacked with a failure (false). */
    default void published(boolean accepted) {
    }

    interface Factory {
        /**
         * @param dropped messages the client dropped for this channel (slow consumer)
         * @param inFlight messages handed to the application and not settled yet
         * @param connection the channel's connection once established, else null
         */
        ChannelMetrics create(String channel, String connectionName, LongSupplier dropped, LongSupplier inFlight,
                Supplier<Connection> connection);
    }
}
