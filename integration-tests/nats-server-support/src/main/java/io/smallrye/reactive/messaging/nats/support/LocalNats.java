package io.smallrye.reactive.messaging.nats.support;

/** For examples: use the configured NATS server, or start a local one so that a new user needs nothing running. */
public final class LocalNats {

    private LocalNats() {
    }

    /**
     * @return null when {@code nats.url} (system property) or {@code NATS_URL} names a server; otherwise a local server
     *         just started, whose URL is now in {@code nats.url}, the connector's global alias for {@code url}
     */
    public static NatsServer startUnlessConfigured(boolean jetStream) {
        String url = System.getProperty("nats.url", System.getenv("NATS_URL"));
        if (url != null && !url.isBlank()) {
            System.setProperty("nats.url", url);
            return null;
        }
        NatsServer.Builder builder = NatsServer.builder();
        NatsServer server = (jetStream ? builder.jetStream() : builder).start();
        System.setProperty("nats.url", server.url());
        System.out.println("No NATS URL configured (nats.url / NATS_URL): started a local nats-server"
                + (jetStream ? " with JetStream" : "") + " at " + server.url());
        return server;
    }
}
