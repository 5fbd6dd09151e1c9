package io.smallrye.reactive.messaging.nats.metrics;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.nats.client.Connection;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.smallrye.reactive.messaging.nats.impl.ChannelMetrics;

/** The connector's instruments on one OpenTelemetry instance: shared counters, and the observed values per channel. */
final class OpenTelemetryMeters {

    static final String PREFIX = "nats.";

    private final Meter meter;
    private final OpenTelemetryChannelMetrics.Instruments instruments;

    OpenTelemetryMeters(OpenTelemetry openTelemetry) {
        meter = openTelemetry.getMeter("io.smallrye.reactive.messaging.nats");
        instruments = new OpenTelemetryChannelMetrics.Instruments(
                meter.counterBuilder(PREFIX + "channel.received").setDescription("Messages received").build(),
                meter.counterBuilder(PREFIX + "channel.redelivered").setDescription("JetStream redeliveries received").build(),
                meter.counterBuilder(PREFIX + "channel.settled").setDescription("Messages acked or nacked (outcome)").build(),
                meter.counterBuilder(PREFIX + "channel.dead_lettered")
                        .setDescription("Messages sent to the dead-letter subject").build(),
                meter.counterBuilder(PREFIX + "channel.published").setDescription("Messages published (outcome)").build());
    }

    ChannelMetrics create(String channel, String connectionName, LongSupplier dropped, LongSupplier inFlight,
            Supplier<Connection> connection) {
        Attributes channelAttributes = Attributes.of(OpenTelemetryChannelMetrics.CHANNEL, channel);
        meter.counterBuilder(PREFIX + "channel.dropped").setDescription("Messages the client dropped: slow consumer")
                .buildWithCallback(counter -> counter.record(dropped.getAsLong(), channelAttributes));
        meter.gaugeBuilder(PREFIX + "channel.in_flight").ofLongs()
                .setDescription("Messages handed to the application and not yet acked or nacked")
                .buildWithCallback(gauge -> gauge.record(inFlight.getAsLong(), channelAttributes));
        Attributes connectionAttributes = Attributes.of(OpenTelemetryChannelMetrics.CHANNEL, channel,
                AttributeKey.stringKey("connection"), connectionName);
        meter.counterBuilder(PREFIX + "connection.reconnects").setDescription("Reconnections of the channel's connection")
                .buildWithCallback(counter -> {
                    Connection c = connection.get();
                    counter.record(c == null ? 0 : c.getStatistics().getReconnects(), connectionAttributes);
                });
        meter.gaugeBuilder(PREFIX + "connection.connected").ofLongs().setDescription("1 while connected, else 0")
                .buildWithCallback(gauge -> {
                    Connection c = connection.get();
                    gauge.record(c != null && c.getStatus() == Connection.Status.CONNECTED ? 1 : 0, connectionAttributes);
                });
        return new OpenTelemetryChannelMetrics(channel, instruments);
    }
}
