package io.smallrye.reactive.messaging.nats.metrics;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.nats.client.Connection;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.reactive.messaging.nats.impl.ChannelMetrics;

/**
 * Channel and connection metrics through the OpenTelemetry metrics API: the runtime's OpenTelemetry bean (else the
 * global one) decides where they go (Prometheus, OTLP...). Where OpenTelemetry is absent the container skips this
 * bean and channels count nothing.
 */
@ApplicationScoped
public class OpenTelemetryMetricsFactory implements ChannelMetrics.Factory {

    @Inject
    Instance<OpenTelemetry> openTelemetry;

    /**
     * Created on first use. The OpenTelemetry code lives in {@link OpenTelemetryMeters}: no member of this bean may
     * name an OpenTelemetry type, or Open Liberty, which scans the members of every bean class, warns where it is
     * absent instead of skipping the bean quietly.
     */
    private volatile OpenTelemetryMeters meters;

    @Override
    public ChannelMetrics create(String channel, String connectionName, LongSupplier dropped, LongSupplier inFlight,
            Supplier<Connection> connection) {
        return meters().create(channel, connectionName, dropped, inFlight, connection);
    }

    private synchronized OpenTelemetryMeters meters() {
        if (meters == null) {
            meters = new OpenTelemetryMeters(openTelemetry.isResolvable() ? openTelemetry.get() : GlobalOpenTelemetry.get());
        }
        return meters;
    }
}
