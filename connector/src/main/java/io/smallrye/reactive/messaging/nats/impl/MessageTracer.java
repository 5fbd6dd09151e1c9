package io.smallrye.reactive.messaging.nats.impl;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.nats.client.impl.Headers;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;

/**
 * What the channels ask of tracing, in types every runtime can load: the OpenTelemetry implementation lives in the
 * tracing package and is only loaded where tracing is enabled and OpenTelemetry is present.
 */
public interface MessageTracer {

    /** Does nothing: tracing disabled or unavailable. */
    MessageTracer NONE = new MessageTracer() {
        @Override
        public void incoming(IncomingNatsMessage<?> message, String consumerGroup) {
        }

        @Override
        public void outgoing(Message<?> message, String subject, Headers headers, int bodySize) {
        }
    };

    /** Starts the consumer span (ended when the message is acked or nacked) and attaches its context to the message. */
    void incoming(IncomingNatsMessage<?> message, String consumerGroup);

    /** Records the producer span and writes its context into the headers about to be published. */
    void outgoing(Message<?> message, String subject, Headers headers, int bodySize);

    /** Creates the tracer of a channel with {@code tracing-enabled}. */
    interface Factory {
        MessageTracer create();
    }
}
