package io.smallrye.reactive.messaging.nats.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.Readiness;

import io.smallrye.reactive.messaging.nats.impl.ChannelHealth;
import io.smallrye.reactive.messaging.nats.impl.NatsChannel;

/** Ready when every channel is connected and subscribed (incoming) or able to publish (outgoing). */
@Readiness
@ApplicationScoped
public class NatsReadinessCheck extends NatsHealthCheck {

    @Override
    protected ChannelHealth check(NatsChannel channel) {
        return channel.readiness();
    }
}
