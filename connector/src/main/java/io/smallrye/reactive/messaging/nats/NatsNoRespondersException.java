package io.smallrye.reactive.messaging.nats;

/** A request found nobody subscribed to its subject: the server answered at once, no need to wait for a timeout. */
public class NatsNoRespondersException extends RuntimeException {

    public NatsNoRespondersException(String message) {
        super(message);
    }
}
