package io.smallrye.reactive.messaging.nats.incoming;

import org.eclipse.microprofile.config.Config;

import io.nats.client.Connection;
import io.smallrye.reactive.messaging.nats.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.connection.SharedConnection;
import io.smallrye.reactive.messaging.nats.impl.ChannelHealth;
import io.smallrye.reactive.messaging.nats.impl.ChannelMetrics;

/**
 * What the failure strategy of an incoming channel may use, and the failures it reported: the channel's liveness.
 * Created before the strategy, and so before the channel's other parts.
 */
public final class FailureContext implements NatsFailureHandler.Context {

    private final String channel;
    private final Config config;
    private final SharedConnection connection;
    private volatile Runnable stopReceiving = () -> {
    };
    private volatile ChannelMetrics metrics = ChannelMetrics.NONE;
    private volatile Throwable fatalFailure;
    private volatile Throwable lastFailure;

    public FailureContext(String channel, Config config, SharedConnection connection) {
        this.channel = channel;
        this.config = config;
        this.connection = connection;
    }

    /** What a fatal failure stops. */
    void onFatal(Runnable stopReceiving) {
        this.stopReceiving = stopReceiving;
    }

    void useMetrics(ChannelMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public Connection connection() {
        Connection current = connection.current();
        if (current == null) {
            throw new IllegalStateException("channel '" + channel + "' is not connected");
        }
        return current;
    }

    @Override
    public void reportFailure(Throwable failure, boolean fatal) {
        lastFailure = failure;
        if (fatal) {
            fatalFailure = failure;
            // The poller sees the failure at its next poll and fails the stream.
            stopReceiving.run();
        }
    }

    @Override
    public void reportDeadLetter() {
        metrics.deadLettered();
    }

    /** The failure that stopped the channel, or null. */
    Throwable fatalFailure() {
        return fatalFailure;
    }

    ChannelHealth liveness() {
        Throwable failure = fatalFailure;
        Throwable last = lastFailure;
        return failure == null ? new ChannelHealth(true, last == null ? null : "last failure: " + last)
                : new ChannelHealth(false, "failed: " + failure);
    }
}
