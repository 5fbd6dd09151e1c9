package io.smallrye.reactive.messaging.nats;

import io.nats.client.Options;

/**
 * Hook for jnats options the connector does not expose as attributes. Declare it as a CDI bean with
 * {@code @Identifier("name")} and select it with the {@code connection-customizer} attribute. Channels that name
 * different customizers never share a connection.
 */
public interface NatsConnectionCustomizer {

    /**
     * @param channel the channel whose configuration opened the connection
     * @param builder the options built from the channel's attributes, to adjust in place
     */
    void customize(String channel, Options.Builder builder);
}
