package io.smallrye.reactive.messaging.nats.impl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.enterprise.inject.Instance;

import io.nats.client.Options;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.nats.NatsConnectionCustomizer;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;

/** The connections of the connector: one per distinct connection configuration, closed with the last channel. */
public final class NatsConnections {

    private final Map<NatsConnectionConfig, NatsConnection> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "nats-connect");
        thread.setDaemon(true);
        return thread;
    });

    public NatsConnection acquire(NatsConnectionConfig config, Instance<NatsConnectionCustomizer> customizers) {
        NatsConnection connection = connections.computeIfAbsent(config, c -> {
            NatsConnection created = new NatsConnection(c, optionsBuilder(c, customizers), connector);
            created.start();
            return created;
        });
        connection.retain();
        return connection;
    }

    private static Options.Builder optionsBuilder(NatsConnectionConfig config, Instance<NatsConnectionCustomizer> customizers) {
        Options.Builder builder = config.toOptionsBuilder();
        if (config.customizer != null) {
            Instance<NatsConnectionCustomizer> selected = customizers.select(Identifier.Literal.of(config.customizer));
            if (!selected.isResolvable()) {
                throw NatsExceptions.ex.unknownCustomizer(config.customizer, config.channel);
            }
            selected.get().customize(config.channel, builder);
        }
        return builder;
    }

    /** Called when a channel stops before the application does (e.g. its stream was cancelled). */
    public void release(NatsConnection connection) {
        if (connection.release() == 0) {
            connections.values().remove(connection);
            connection.close();
        }
    }

    public void closeAll() {
        connections.values().forEach(NatsConnection::close);
        connections.clear();
        connector.shutdownNow();
    }
}
