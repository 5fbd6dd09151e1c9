package io.smallrye.reactive.messaging.nats.outgoing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.nats.client.Connection;
import io.nats.client.impl.NatsMessage;

/** Sends one encoded message; completes when the message counts as published, fails with the cause otherwise. */
interface Publisher {

    /** What a publish returns when it is complete at once. */
    CompletionStage<?> PUBLISHED = CompletableFuture.completedStage(null);

    /** Core NATS: published once jnats accepted it (queued for the socket, or for the reconnect buffer). */
    Publisher CORE = (connection, nats, out) -> {
        connection.publish(nats);
        return PUBLISHED;
    };

    CompletionStage<?> publish(Connection connection, NatsMessage nats, OutgoingMessage out);

    /** No more publishes will be made. */
    default void close() {
    }
}
