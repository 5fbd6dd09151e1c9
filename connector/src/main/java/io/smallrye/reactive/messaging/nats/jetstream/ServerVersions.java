package io.smallrye.reactive.messaging.nats.jetstream;

import io.nats.client.Connection;
import io.nats.client.api.ServerInfo;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;

/** The nats-server versions that features of newer servers need, checked against the server connected to. */
public final class ServerVersions {

    /** Per-message TTL (the {@code Nats-TTL} header, {@code allow_msg_ttl} streams). */
    public static final String MESSAGE_TTL = "2.11.0";

    /** Scheduled messages ({@code Nats-Schedule: @at}, {@code allow_msg_schedules} streams). */
    public static final String MESSAGE_SCHEDULES = "2.12.0";

    /** Priority groups of JetStream consumers ({@code pinned_client}, {@code overflow}). */
    public static final String PRIORITY_GROUPS = "2.11.0";

    private ServerVersions() {
    }

    /** @throws IllegalStateException naming the channel, the feature and both versions, on an older server */
    public static void require(Connection connected, String version, String channel, String feature) {
        ServerInfo server = connected.getServerInfo();
        if (server != null && server.isOlderThanVersion(version)) {
            throw NatsExceptions.ex.newerServerNeeded(channel, feature, version, server.getVersion());
        }
    }
}
