package io.smallrye.reactive.messaging.nats.it.quarkus;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/**
 * A real nats-server (with JetStream) on a free loopback port, started before Quarkus boots; the connector is pointed at it.
 */
public class NatsServerResource implements QuarkusTestResourceLifecycleManager {

    private NatsServer server;

    @Override
    public Map<String, String> start() {
        server = NatsServer.builder().jetStream().start();
        return Map.of("mp.messaging.connector.smallrye-nats.url", server.url());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
