package io.smallrye.reactive.messaging.nats.impl;

/** The state of a channel as a health check shows it; kept free of SmallRye types so every runtime can load it. */
public record ChannelHealth(boolean ok, String message) {
}
