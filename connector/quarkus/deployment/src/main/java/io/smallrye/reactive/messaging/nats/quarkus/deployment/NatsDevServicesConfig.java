package io.smallrye.reactive.messaging.nats.quarkus.deployment;

import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Dev Services for NATS: a local nats-server process in dev and test mode when no URL is configured. */
@ConfigMapping(prefix = "quarkus.nats.devservices")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface NatsDevServicesConfig {

    /**
     * Whether a local nats-server is started (with JetStream) when {@code mp.messaging.connector.smallrye-nats.url}
     * is not set.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The nats-server executable; by default {@code $NATS_SERVER}, else {@code nats-server} on the {@code PATH}, else
     * the Debian package's ({@code apt-get install nats-server}).
     */
    Optional<String> serverPath();

    /** A fixed port; by default a free one. */
    OptionalInt port();

    /**
     * In dev mode, whether applications with the same {@code service-name} share one server: the first one starts it,
     * the others connect to it.
     */
    @WithDefault("true")
    boolean shared();

    /** The name under which a shared server is found. */
    @WithDefault("smallrye-nats")
    String serviceName();
}
