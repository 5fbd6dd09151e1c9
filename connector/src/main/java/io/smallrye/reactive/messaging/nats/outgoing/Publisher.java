package io.smallrye.reactive.messaging.nats.outgoing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.nats.client.Connection;
import io.nats.client.impl.NatsMessage;

/** Sends one encoded message; completes when the message counts as published, fails with the cause otherwise. */
interface Publisher {

    /** Core NATS: published once jnats accepted it (queued for the socket, or for the reconnect buffer). */
    Publisher CORE = (connection, nats, out) -> {
        connection.publish(nats);
        return CompletableFuture.completedFuture(null);
    };

    CompletionStage<Void> publish(Connection connection, NatsMessage nats, OutgoingMessage out);
}
