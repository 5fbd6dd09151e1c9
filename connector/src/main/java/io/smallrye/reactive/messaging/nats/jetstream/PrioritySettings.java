package io.smallrye.reactive.messaging.nats.jetstream;

import java.time.Duration;

import io.nats.client.api.PriorityPolicy;

/**
 * A priority group of a JetStream consumer (nats-server 2.11+): the replicas pulling in the group share the messages
 * by the consumer's policy: {@code pinned}, one replica gets them until it stops pulling for {@code pinnedTtl}, then
 * another; {@code overflow}, a replica with {@code minPending} / {@code minAckPending} only gets messages past them.
 *
 * @param policy the consumer's policy, or null to use the consumer as it is ({@code bind=true})
 * @param pinnedTtl how long the server keeps a silent replica pinned; null: the server's default
 * @param minPending with overflow: this replica pulls only while the consumer has at least so many pending; 0: always
 *        (jnats leaves a value below 1 unset)
 * @param minAckPending with overflow: only while at least so many are unacknowledged; 0: always
 */
public record PrioritySettings(String group, PriorityPolicy policy, Duration pinnedTtl, long minPending,
        long minAckPending) {

}
