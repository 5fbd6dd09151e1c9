package io.smallrye.reactive.messaging.nats.health;

import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

import io.smallrye.reactive.messaging.nats.connector.NatsConnector;
import io.smallrye.reactive.messaging.nats.impl.ChannelHealth;
import io.smallrye.reactive.messaging.nats.impl.NatsChannel;

/**
 * The connector's channels as a MicroProfile Health check named {@code smallrye-nats}, one entry per channel. It
 * reaches the health endpoint of every runtime with MicroProfile Health, including Helidon MP and Open Liberty, which
 * have no SmallRye health center for {@link NatsHealthReporter}; where SmallRye has one (Quarkus, Weld SE), the
 * channels appear in both checks. Skipped where MicroProfile Health is absent.
 */
public abstract class NatsHealthCheck implements HealthCheck {

    @Inject
    @Connector(NatsConnector.CONNECTOR_NAME)
    NatsConnector connector;

    protected abstract ChannelHealth check(NatsChannel channel);

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NatsConnector.CONNECTOR_NAME).up();
        connector.channels().filter(NatsChannel::healthEnabled).forEach(channel -> {
            ChannelHealth health = check(channel);
            response.withData(channel.name(), (health.ok() ? "[OK]" : "[KO]")
                    + (health.message() == null ? "" : " - " + health.message()));
            if (!health.ok()) {
                response.down();
            }
        });
        return response.build();
    }
}
