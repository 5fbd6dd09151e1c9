package io.smallrye.reactive.messaging.nats.impl;

import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.reactive.messaging.nats.NatsGathering;

/**
 * Marks an outgoing message as a scatter-gather request of {@code NatsRequestReply}: the outgoing channel sends it
 * with an inbox of its own and emits every reply into {@code replies} (on jnats' thread: the requester moves them to a
 * worker) until {@code until} says stop.
 */
public record GatherRequest(NatsGathering until, MultiEmitter<? super io.nats.client.Message> replies) {
}
