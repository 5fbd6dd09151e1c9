package io.smallrye.reactive.messaging.nats.jetstream;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;

/**
 * The consumer of an incoming JetStream channel, validated.
 *
 * @param durable null: an ephemeral consumer
 * @param bind use the durable consumer as it is, instead of creating or updating it
 * @param ordered an ordered consumer: no acks, in stream order
 * @param priority the consumer's priority group and policy, and this replica's place in it; null: none
 */
public record ConsumerSettings(String durable, boolean bind, String filterSubject, DeliverPolicy deliverPolicy,
        Long startSequence, ZonedDateTime startTime, Duration ackWait, int maxDeliver, List<Duration> backoff,
        int maxAckPending, int batchSize, Duration pullExpires, Duration inactiveThreshold, boolean doubleAck,
        boolean autoInProgress, boolean ordered, PrioritySettings priority) {

    public ConsumerConfiguration configuration() {
        ConsumerConfiguration.Builder builder = ConsumerConfiguration.builder()
                .ackPolicy(AckPolicy.Explicit)
                .filterSubject(filterSubject)
                .deliverPolicy(deliverPolicy)
                .ackWait(ackWait)
                .maxDeliver(maxDeliver)
                .maxAckPending(maxAckPending);
        if (durable != null) {
            builder.durable(durable);
        }
        if (!backoff.isEmpty()) {
            builder.backoff(backoff.toArray(Duration[]::new));
        }
        if (startSequence != null) {
            builder.startSequence(startSequence);
        }
        if (startTime != null) {
            builder.startTime(startTime);
        }
        if (inactiveThreshold != null) {
            builder.inactiveThreshold(inactiveThreshold);
        }
        if (priority != null && priority.policy() != null) {
            builder.priorityPolicy(priority.policy()).priorityGroups(priority.group());
            if (priority.pinnedTtl() != null) {
                builder.priorityTimeout(priority.pinnedTtl());
            }
        }
        return builder.build();
    }

    public OrderedConsumerConfiguration orderedConfiguration() {
        OrderedConsumerConfiguration ordered = new OrderedConsumerConfiguration().filterSubject(filterSubject)
                .deliverPolicy(deliverPolicy);
        if (startSequence != null) {
            ordered.startSequence(startSequence);
        }
        if (startTime != null) {
            ordered.startTime(startTime);
        }
        return ordered;
    }
}
