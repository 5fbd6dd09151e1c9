package io.smallrye.nats.examples.research;

import java.util.UUID;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.OutgoingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.OutgoingNatsMetadata;

/**
 * The agent envelope travels in NATS headers, next to traceparent, not as a JSON wrapper: any NATS client can read
 * it without knowing our payload format.
 */
record Envelope(String type, String source, String correlationId, String causationId) {

    static final String TYPE = "agent-message-type";
    static final String SOURCE = "agent-source";
    static final String CORRELATION = "agent-correlation-id";
    static final String CAUSATION = "agent-causation-id";

    static Envelope of(Message<?> message) {
        IncomingNatsMetadata nats = message.getMetadata(IncomingNatsMetadata.class).orElseThrow();
        return new Envelope(nats.getHeader(TYPE).orElse("?"), nats.getHeader(SOURCE).orElse("?"),
                nats.getHeader(CORRELATION).orElse("?"), nats.getHeader(CAUSATION).orElse(""));
    }

    /** A message caused by this one, from another agent, in the same conversation. */
    <T> Message<T> reply(T payload, String type, String source, String messageId) {
        return Envelope.message(payload, type, source, correlationId, messageId, messageId);
    }

    static <T> Message<T> message(T payload, String type, String source, String correlationId, String causationId,
            String messageId) {
        return Message.of(payload)
                .addMetadata(OutgoingNatsMetadata.builder().withHeader(TYPE, type).withHeader(SOURCE, source)
                        .withHeader(CORRELATION, correlationId).withHeader(CAUSATION, causationId).build())
                .addMetadata(OutgoingJetStreamMetadata.builder().withMessageId(messageId).build());
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }
}
