package io.smallrye.reactive.messaging.nats.incoming;

/**
 * The NATS service an incoming channel serves requests as (jnats' service API).
 *
 * @param endpoint the endpoint's name; its subject is the channel's
 * @param queue the endpoint's queue group, shared by the replicas
 */
public record ServiceSettings(String name, String version, String description, String endpoint, String queue) {
}
