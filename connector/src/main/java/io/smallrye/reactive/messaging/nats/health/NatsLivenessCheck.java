package io.smallrye.reactive.messaging.nats.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.Liveness;

import io.smallrye.reactive.messaging.nats.impl.ChannelHealth;
import io.smallrye.reactive.messaging.nats.impl.NatsChannel;

/** Live unless a channel stopped for good (e.g. the fail strategy after a nack); a lost connection is not fatal. */
@Liveness
@ApplicationScoped
public class NatsLivenessCheck extends NatsHealthCheck {

    @Override
    protected ChannelHealth check(NatsChannel channel) {
        return channel.liveness();
    }
}
