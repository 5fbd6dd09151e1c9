package io.smallrye.reactive.messaging.nats;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Marks an outgoing message as a request: the outgoing channel sends it with a reply inbox and completes
 * {@link #reply()} with the answer, or fails it with {@link NatsNoRespondersException} or a
 * {@link java.util.concurrent.TimeoutException}. {@link NatsRequestReply} attaches it for you.
 */
public final class NatsRequestMetadata {

    private final CompletableFuture<io.nats.client.Message> reply = new CompletableFuture<>();
    private final Duration timeout;

    /** @param timeout how long to wait for the reply; null for the channel's {@code request-timeout} */
    public NatsRequestMetadata(Duration timeout) {
        this.timeout = timeout;
    }

    public CompletableFuture<io.nats.client.Message> reply() {
        return reply;
    }

    public Duration timeout() {
        return timeout;
    }
}
