package io.smallrye.reactive.messaging.nats.incoming;

import io.smallrye.reactive.messaging.nats.jetstream.ConsumerSettings;
import io.smallrye.reactive.messaging.nats.jetstream.StreamSettings;
import io.smallrye.reactive.messaging.nats.jetstream.WatchSettings;

/**
 * The attributes of an incoming channel, validated.
 *
 * @param queue the queue group of a core subscription, or null
 * @param payloadType what payloads are decoded to before they go downstream; null: the raw bytes
 * @param subject null when the channel watches a key-value bucket
 * @param stream with {@code consumer}, the JetStream side; both null on a core channel
 * @param watch the key-value bucket the channel watches instead of a subject, or null
 * @param service the NATS service whose requests the channel serves, or null
 * @param batchSize with {@code batch=true}, the most messages handed over in one batch; 0: one message at a time
 */
public record IncomingSettings(String channel, String subject, String queue, int pendingMaxMessages, long pendingMaxBytes,
        Class<?> payloadType, boolean healthEnabled, StreamSettings stream, ConsumerSettings consumer,
        WatchSettings watch, ServiceSettings service, int batchSize) {

    public boolean jetStream() {
        return consumer != null;
    }

    public boolean batch() {
        return batchSize > 0;
    }
}
