package io.smallrye.reactive.messaging.nats.health;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.spi.Connector;

import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.health.HealthReporter;
import io.smallrye.reactive.messaging.nats.connector.NatsConnector;
import io.smallrye.reactive.messaging.nats.impl.ChannelHealth;
import io.smallrye.reactive.messaging.nats.impl.NatsChannel;

/**
 * Reports the connector's channels to SmallRye's health center (and so to MicroProfile Health). A separate bean so
 * that the connector itself still loads on runtimes without SmallRye, where this class is simply skipped.
 */
@ApplicationScoped
public class NatsHealthReporter implements HealthReporter {

    @Inject
    @Connector(NatsConnector.CONNECTOR_NAME)
    NatsConnector connector;

    @Override
    public HealthReport getReadiness() {
        return report(NatsChannel::readiness);
    }

    @Override
    public HealthReport getStartup() {
        return report(NatsChannel::readiness);
    }

    @Override
    public HealthReport getLiveness() {
        return report(NatsChannel::liveness);
    }

    private HealthReport report(Function<NatsChannel, ChannelHealth> check) {
        HealthReport.HealthReportBuilder builder = HealthReport.builder();
        connector.channels().filter(NatsChannel::healthEnabled).forEach(channel -> {
            ChannelHealth health = check.apply(channel);
            builder.add(channel.name(), health.ok(), health.message());
        });
        return builder.build();
    }
}
