package io.smallrye.reactive.messaging.nats.impl;

/**
 * The Vert.x context each incoming message is handed downstream on, in types every runtime can load: the Vert.x
 * implementation lives in the vertx package and is only loaded where the runtime has SmallRye and Vert.x.
 */
public interface MessageContexts {

    /** No Vert.x: messages carry no context (Helidon MP, Open Liberty). */
    MessageContexts NONE = () -> null;

    /** The metadata that gives the next message of the channel a context of its own, or null. */
    Object next();

    /** Creates the contexts of one incoming channel. */
    interface Factory {
        MessageContexts create();
    }
}
