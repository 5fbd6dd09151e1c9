package io.smallrye.reactive.messaging.nats.outgoing;

import java.time.Duration;

import io.smallrye.reactive.messaging.nats.jetstream.BucketSettings;
import io.smallrye.reactive.messaging.nats.jetstream.StreamSettings;

/**
 * The attributes of an outgoing channel, validated.
 *
 * @param subject null: each message names its subject, or answers a request
 * @param stream the expected stream of a JetStream channel; null on core NATS
 * @param window messages requested from upstream at a time, the bound of the sends in flight
 * @param publishRetries JetStream: retries of a publish that got no PubAck
 * @param bucket the key-value bucket the channel writes instead of publishing, or null
 * @param key the key a message without {@code OutgoingKeyValueMetadata} is put under, or null
 */
public record OutgoingSettings(String channel, String subject, Duration requestTimeout, boolean healthEnabled,
        StreamSettings stream, int window, int publishRetries, BucketSettings bucket, String key) {

    public boolean jetStream() {
        return stream != null;
    }
}
