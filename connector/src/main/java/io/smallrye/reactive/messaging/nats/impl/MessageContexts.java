package io.smallrye.reactive.messaging.nats.impl;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Multi;

/**
 * The Vert.x context each incoming message is handed downstream on, in types every runtime can load: the Vert.x
 * implementation lives in the vertx package and is only loaded where the runtime has SmallRye and Vert.x.
 */
public interface MessageContexts {

    /** No Vert.x: messages carry no context (Helidon MP, Open Liberty). */
    MessageContexts NONE = () -> null;

    /** The metadata that gives the next message of the channel a context of its own, or null. */
    Object next();

    /**
     * Hands the channel's messages over from the poller to where their contexts run them, with at most {@code batch}
     * taken from the client ahead of demand.
     */
    default Multi<Message<?>> handOver(Multi<Message<?>> messages, int batch) {
        return messages;
    }

    /** Creates the contexts of one incoming channel. */
    interface Factory {
        MessageContexts create();
    }
}
