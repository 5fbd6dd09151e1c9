package io.smallrye.reactive.messaging.nats.metrics;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.nats.client.Connection;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.smallrye.reactive.messaging.nats.impl.ChannelMetrics;

/**
 * Channel and connection metrics through the OpenTelemetry metrics API: the runtime's OpenTelemetry bean (else the
 * global one) decides where they go (Prometheus, OTLP...). Where OpenTelemetry is absent the container skips this
 * bean and channels count nothing.
 */
@ApplicationScoped
public class OpenTelemetryMetricsFactory implements ChannelMetrics.Factory {

    static final String PREFIX = "nats.";

    @Inject
    Instance<OpenTelemetry> openTelemetry;

    private volatile Meter meter;
    private volatile OpenTelemetryChannelMetrics.Instruments instruments;

    @Override
    public ChannelMetrics create(String channel, String connectionName, LongSupplier dropped, LongSupplier inFlight,
            Supplier<Connection> connection) {
        Meter m = meter();
        Attributes channelAttributes = Attributes.of(OpenTelemetryChannelMetrics.CHANNEL, channel);
        m.counterBuilder(PREFIX + "channel.dropped").setDescription("Messages the client dropped: slow consumer")
                .buildWithCallback(counter -> counter.record(dropped.getAsLong(), channelAttributes));
        m.gaugeBuilder(PREFIX + "channel.in_flight").ofLongs()
                .setDescription("Messages handed to the application and not yet acked or nacked")
                .buildWithCallback(gauge -> gauge.record(inFlight.getAsLong(), channelAttributes));
        Attributes connectionAttributes = Attributes.of(OpenTelemetryChannelMetrics.CHANNEL, channel,
                io.opentelemetry.api.common.AttributeKey.stringKey("connection"), connectionName);
        m.counterBuilder(PREFIX + "connection.reconnects").setDescription("Reconnections of the channel's connection")
                .buildWithCallback(counter -> {
                    Connection c = connection.get();
                    counter.record(c == null ? 0 : c.getStatistics().getReconnects(), connectionAttributes);
                });
        m.gaugeBuilder(PREFIX + "connection.connected").ofLongs().setDescription("1 while connected, else 0")
                .buildWithCallback(gauge -> {
                    Connection c = connection.get();
                    gauge.record(c != null && c.getStatus() == Connection.Status.CONNECTED ? 1 : 0, connectionAttributes);
                });
        return new OpenTelemetryChannelMetrics(channel, instruments);
    }

    private synchronized Meter meter() {
        if (meter == null) {
            OpenTelemetry otel = openTelemetry.isResolvable() ? openTelemetry.get() : GlobalOpenTelemetry.get();
            meter = otel.getMeter("io.smallrye.reactive.messaging.nats");
            instruments = new OpenTelemetryChannelMetrics.Instruments(
                    meter.counterBuilder(PREFIX + "channel.received").setDescription("Messages received").build(),
                    meter.counterBuilder(PREFIX + "channel.redelivered").setDescription("JetStream redeliveries received").build(),
                    meter.counterBuilder(PREFIX + "channel.settled").setDescription("Messages acked or nacked (outcome)").build(),
                    meter.counterBuilder(PREFIX + "channel.dead_lettered").setDescription("Messages sent to the dead-letter subject").build(),
                    meter.counterBuilder(PREFIX + "channel.published").setDescription("Messages published (outcome)").build());
        }
        return meter;
    }
}
