package io.smallrye.reactive.messaging.nats.metrics;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.smallrye.reactive.messaging.nats.impl.ChannelMetrics;

/** The counters of one channel, attributed with the channel name. */
final class OpenTelemetryChannelMetrics implements ChannelMetrics {

    static final AttributeKey<String> CHANNEL = AttributeKey.stringKey("channel");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

    private final Attributes channel;
    private final Attributes acked;
    private final Attributes nacked;
    private final Attributes accepted;
    private final Attributes failed;
    private final Instruments instruments;

    OpenTelemetryChannelMetrics(String channel, Instruments instruments) {
        this.channel = Attributes.of(CHANNEL, channel);
        this.acked = Attributes.of(CHANNEL, channel, OUTCOME, "ack");
        this.nacked = Attributes.of(CHANNEL, channel, OUTCOME, "nack");
        this.accepted = Attributes.of(CHANNEL, channel, OUTCOME, "success");
        this.failed = Attributes.of(CHANNEL, channel, OUTCOME, "failure");
        this.instruments = instruments;
    }

    /** The instruments every channel shares; channels differ by attributes. */
    record Instruments(LongCounter received, LongCounter redelivered, LongCounter settled, LongCounter deadLettered,
            LongCounter published) {
    }

    @Override
    public void received(boolean redelivery) {
        instruments.received().add(1, channel);
        if (redelivery) {
            instruments.redelivered().add(1, channel);
        }
    }

    @Override
    public void settled(boolean ack) {
        instruments.settled().add(1, ack ? acked : nacked);
    }

    @Override
    public void deadLettered() {
        instruments.deadLettered().add(1, channel);
    }

    @Override
    public void published(boolean ok) {
        instruments.published().add(1, ok ? accepted : failed);
    }
}
