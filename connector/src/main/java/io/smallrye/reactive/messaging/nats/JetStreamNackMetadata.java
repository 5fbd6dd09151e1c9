package io.smallrye.reactive.messaging.nats;

import java.time.Duration;

/**
 * Pass to {@code message.nack(reason, Metadata.of(new JetStreamNackMetadata(delay)))} to choose when a JetStream
 * message comes back, instead of the channel's backoff.
 */
public record JetStreamNackMetadata(Duration delay) {
}
