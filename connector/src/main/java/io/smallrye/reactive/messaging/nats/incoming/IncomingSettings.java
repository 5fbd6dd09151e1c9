package io.smallrye.reactive.messaging.nats.incoming;

import io.smallrye.reactive.messaging.nats.jetstream.ConsumerSettings;
import io.smallrye.reactive.messaging.nats.jetstream.StreamSettings;

/**
 * The attributes of an incoming channel, validated.
 *
 * @param queue the queue group of a core subscription, or null
 * @param payloadType what payloads are decoded to before they go downstream; null: the raw bytes
 * @param stream with {@code consumer}, the JetStream side; both null on a core channel
 */
public record IncomingSettings(String channel, String subject, String queue, int pendingMaxMessages, long pendingMaxBytes,
        Class<?> payloadType, boolean healthEnabled, StreamSettings stream, ConsumerSettings consumer) {

    public boolean jetStream() {
        return consumer != null;
    }
}
