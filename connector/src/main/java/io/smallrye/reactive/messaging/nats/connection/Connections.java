package io.smallrye.reactive.messaging.nats.connection;

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
import io.smallrye.reactive.messaging.nats.impl.DaemonThreads;

/** The connections of the connector: one per distinct {@link ConnectionSettings}, closed with the last channel. */
public final class Connections {

    private final Map<ConnectionSettings, SharedConnection> connections = new ConcurrentHashMap<>();
    private final Instance<NatsConnectionCustomizer> customizers;
    private final Instance<SSLContext> sslContexts;
    private final ScheduledExecutorService connector = Executors
            .newSingleThreadScheduledExecutor(DaemonThreads.named("nats-connect"));

    public Connections(Instance<NatsConnectionCustomizer> customizers, Instance<SSLContext> sslContexts) {
        this.customizers = customizers;
        this.sslContexts = sslContexts;
    }

    /** @param channel the channel asking, named by errors in the settings that only show when connecting */
    public SharedConnection acquire(ConnectionSettings settings, String channel) {
        return connections.compute(settings, (key, existing) -> {
            SharedConnection connection = existing;
            if (connection == null) {
                connection = new SharedConnection(key, optionsBuilder(key, channel), connector, this::forget);
                connection.start(channel);
            }
            connection.retain();
            return connection;
        });
    }

    private Options.Builder optionsBuilder(ConnectionSettings settings, String channel) {
        Options.Builder builder = settings.toOptionsBuilder();
        NatsSecurity.apply(settings, channel, builder, sslContexts);
        if (settings.customizer() != null) {
            Instance<NatsConnectionCustomizer> selected = customizers.select(Identifier.Literal.of(settings.customizer()));
            if (!selected.isResolvable()) {
                throw NatsExceptions.ex.unknownCustomizer(settings.customizer(), channel);
            }
            selected.get().customize(channel, builder);
        }
        return builder;
    }

    private void forget(SharedConnection unused) {
        connections.remove(unused.settings(), unused);
    }

    public void closeAll() {
        connections.values().forEach(SharedConnection::close);
        connections.clear();
        connector.shutdownNow();
    }
}
