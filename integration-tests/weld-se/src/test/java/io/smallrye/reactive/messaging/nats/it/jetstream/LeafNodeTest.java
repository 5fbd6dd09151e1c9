package io.smallrye.reactive.messaging.nats.it.jetstream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/**
 * An agent at the edge: the application is connected to a leaf node (JetStream domain "leaf") of a hub server
 * (domain "hub"). It consumes a stream of the hub domain and publishes core messages a hub subscriber receives;
 * killing and restarting the leaf loses nothing of the stream.
 */
class LeafNodeTest extends NatsTestBase {

    private static final int MESSAGES = 2_000;

    private NatsServer hub;
    private NatsServer leaf;

    @Singleton // no client proxy: the test reads the fields directly
    public static class EdgeAgent {
        final Set<String> received = ConcurrentHashMap.newKeySet();

        @Inject
        @Channel("reports")
        Emitter<String> reports;

        @Incoming("hub-tasks")
        CompletionStage<Void> task(Message<String> message) {
            received.add(message.getPayload());
            return message.ack();
        }
    }

    @Test
    void consumesAHubStreamAndPublishesToTheHubThroughALeafNode() throws Exception {
        int leafPort = NatsServer.freePort();
        hub = servers.own(NatsServer.builder().jetStream().config("server_name: hub\njetstream { domain: hub }\n"
                + "leafnodes { listen: \"127.0.0.1:" + leafPort + "\" }\n").start());
        leaf = servers.own(NatsServer.builder().jetStream().config("server_name: leaf\njetstream { domain: leaf }\n"
                + "leafnodes { remotes = [ { url: \"nats-leaf://127.0.0.1:" + leafPort + "\" } ] }\n").start());
        await().atMost(Duration.ofSeconds(10)).until(() -> leaf.logText().contains("Leafnode connection created"));

        try (Connection atHub = Nats.connect(hub.url())) {
            atHub.jetStreamManagement().addStream(StreamConfiguration.builder().name("TASKS").subjects("hub.tasks.>")
                    .storageType(StorageType.File).build());
            for (int i = 0; i < MESSAGES; i++) {
                atHub.jetStream().publish("hub.tasks." + i, ("task-" + i).getBytes(StandardCharsets.UTF_8));
            }
            Subscription hubReports = atHub.subscribe("edge.reports");
            atHub.flush(Duration.ofSeconds(2));

            Map<String, String> config = config();
            config.put("mp.messaging.connector.smallrye-nats.url", leaf.url());
            config.put("mp.messaging.connector.smallrye-nats.reconnect-wait", "200ms");
            incoming(config, "hub-tasks", "hub.tasks.>");
            config.put("mp.messaging.incoming.hub-tasks.jetstream", "true");
            config.put("mp.messaging.incoming.hub-tasks.stream", "TASKS");
            config.put("mp.messaging.incoming.hub-tasks.durable", "edge");
            config.put("mp.messaging.incoming.hub-tasks.jetstream-domain", "hub");
            config.put("mp.messaging.incoming.hub-tasks.ack-wait", "2s");
            config.put("mp.messaging.incoming.hub-tasks.pull-batch-size", "50");
            outgoing(config, "reports", "edge.reports");
            start(config, EdgeAgent.class);
            EdgeAgent agent = bean(EdgeAgent.class);

            agent.reports.send("ready at the edge");
            io.nats.client.Message report = hubReports.nextMessage(Duration.ofSeconds(10));
            assertEquals("ready at the edge", report == null ? null : new String(report.getData(), StandardCharsets.UTF_8));

            await().atMost(Duration.ofSeconds(30)).until(() -> agent.received.size() >= MESSAGES / 4);
            leaf.kill();
            leaf.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> agent.received.size() == MESSAGES);
            // the durable lives in the hub domain, reached from the leaf through the domain's API
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> atHub.jetStreamManagement()
                    .getConsumerInfo("TASKS", "edge").getAckFloor().getStreamSequence() == MESSAGES);
            try (Connection atLeaf = Nats.connect(leaf.url())) {
                assertEquals(MESSAGES, atLeaf.jetStreamManagement(JetStreamOptions.builder().domain("hub").build())
                        .getStreamInfo("TASKS").getStreamState().getMsgCount());
            }
        }
    }
}
