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
}
