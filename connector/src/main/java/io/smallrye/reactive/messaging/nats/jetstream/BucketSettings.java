package io.smallrye.reactive.messaging.nats.jetstream;

import java.time.Duration;

import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;

/**
 * The key-value bucket of a channel, validated, and how to provision it.
 *
 * @param api where the JetStream API is (domain or prefix), with the channel's {@code request-timeout} for each call
 * @param ttl how long a value lives; null: for ever
 */
public record BucketSettings(String name, boolean autoCreate, int history, Duration ttl, StorageType storage, int replicas,
        KeyValueOptions api) {

    KeyValueConfiguration configuration() {
        KeyValueConfiguration.Builder builder = KeyValueConfiguration.builder().name(name).maxHistoryPerKey(history)
                .storageType(storage).replicas(replicas);
        if (ttl != null) {
            builder.ttl(ttl);
        }
        return builder.build();
    }
}
