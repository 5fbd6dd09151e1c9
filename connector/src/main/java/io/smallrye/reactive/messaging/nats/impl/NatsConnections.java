package io.smallrye.reactive.messaging.nats.impl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.net.ssl.SSLContext;

import jakarta.enterprise.inject.Instance;

import io.nats.client.Options;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.nats.NatsConnectionCustomizer;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;

/** The connections of the connector: one per distinct connection configuration, closed with the last channel. */
public final class NatsConnections {

    private final Map<NatsConnectionConfig, NatsConnection> connections = new ConcurrentHashMap<>();
    private final Instance<NatsConnectionCustomizer> customizers;
    private final Instance<SSLContext> sslContexts;
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "nats-connect");
        thread.setDaemon(true);
        return thread;
    });

    public NatsConnections(Instance<NatsConnectionCustomizer> customizers, Instance<SSLContext> sslContexts) {
        this.customizers = customizers;
        this.sslContexts = sslContexts;
    }

    public NatsConnection acquire(NatsConnectionConfig config) {
        return connections.compute(config, (key, existing) -> {
            NatsConnection connection = existing;
            if (connection == null) {
                connection = new NatsConnection(key, optionsBuilder(key), connector, this::forget);
                connection.start();
            }
            connection.retain();
            return connection;
        });
    }

    private Options.Builder optionsBuilder(NatsConnectionConfig config) {
        Options.Builder builder = config.toOptionsBuilder();
        NatsSecurity.apply(config, builder, sslContexts);
        if (config.customizer != null) {
            Instance<NatsConnectionCustomizer> selected = customizers.select(Identifier.Literal.of(config.customizer));
            if (!selected.isResolvable()) {
                throw NatsExceptions.ex.unknownCustomizer(config.customizer, config.channel);
            }
            selected.get().customize(config.channel, builder);
        }
        return builder;
    }

    private void forget(NatsConnection unused) {
        connections.remove(unused.config(), unused);
    }

    public void closeAll() {
        connections.values().forEach(NatsConnection::close);
        connections.clear();
        connector.shutdownNow();
    }
}
