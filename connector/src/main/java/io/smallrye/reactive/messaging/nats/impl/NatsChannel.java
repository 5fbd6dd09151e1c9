package io.smallrye.reactive.messaging.nats.impl;

/** What the connector needs from a channel of either direction: its name, health and shutdown. */
public interface NatsChannel {

    String name();

    boolean healthEnabled();

    /** Connected (and, for an incoming channel, subscribed). */
    ChannelHealth readiness();

    /** No fatal failure. */
    ChannelHealth liveness();

    void close();

    /** Counts of this channel from now on. */
    void useMetrics(ChannelMetrics metrics);

    /** Messages the client dropped because the channel could not keep up (core subscriptions). */
    default long droppedCount() {
        return 0;
    }

    /** Messages handed to the application and not yet acked or nacked. */
    default long inFlightCount() {
        return 0;
    }

    /** The channel's connection once established, else null. */
    io.nats.client.Connection currentConnection();
}
