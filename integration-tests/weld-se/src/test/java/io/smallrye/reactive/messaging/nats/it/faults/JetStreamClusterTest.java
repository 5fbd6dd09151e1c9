package io.smallrye.reactive.messaging.nats.it.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;
import io.smallrye.reactive.messaging.nats.support.NatsCluster;

/** Three nodes, an R3 stream, and the stream leader killed while the application publishes and consumes. */
class JetStreamClusterTest extends NatsTestBase {

    private static final int MESSAGES = Integer.getInteger("jetstream.cluster.messages", 3_000);

    private NatsCluster cluster;
    private Connection admin;

    @Singleton // no client proxy: the test reads the fields directly
    public static class App {
        final Set<String> received = ConcurrentHashMap.newKeySet();

        @Inject
        @Channel("out")
        @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
        Emitter<String> emitter;

        @Incoming("in")
        CompletionStage<Void> consume(Message<String> message) {
            received.add(message.getPayload());
            return message.ack();
        }
    }

    @AfterEach
    void stopCluster() throws InterruptedException {
        if (admin != null) {
            admin.close();
        }
    }

    @Test
    void killingTheStreamLeaderLosesNothing() throws Exception {
        cluster = servers.own(NatsCluster.start(3));
        admin = Nats.connect(new Options.Builder().servers(cluster.urls().split(",")).maxReconnects(-1).build());
        JetStreamManagement jsm = admin.jetStreamManagement();
        StreamConfiguration stream = StreamConfiguration.builder().name("R3").subjects("orders.>").replicas(3)
                .storageType(StorageType.File).build();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> jsm.addStream(stream) != null);

        Map<String, String> config = config();
        config.put("mp.messaging.connector.smallrye-nats.url", cluster.urls());
        config.put("mp.messaging.connector.smallrye-nats.reconnect-wait", "100ms");
        outgoing(config, "out", "orders.new");
        config.put("mp.messaging.outgoing.out.jetstream", "true");
        config.put("mp.messaging.outgoing.out.stream", "R3");
        config.put("mp.messaging.outgoing.out.publish-retries", "20");
        config.put("mp.messaging.outgoing.out.request-timeout", "2s");
        incoming(config, "in", "orders.>");
        config.put("mp.messaging.incoming.in.jetstream", "true");
        config.put("mp.messaging.incoming.in.stream", "R3");
        config.put("mp.messaging.incoming.in.durable", "orders");
        config.put("mp.messaging.incoming.in.ack-wait", "3s");
        start(config, App.class);
        App app = bean(App.class);

        CompletableFuture<?>[] acks = new CompletableFuture<?>[MESSAGES];
        for (int i = 0; i < MESSAGES; i++) {
            acks[i] = send(app.emitter, Message.of("order-" + i));
            if (i == MESSAGES / 3) {
                String leader = jsm.getStreamInfo("R3").getClusterInfo().getLeader();
                cluster.node(leader).kill();
            }
        }
        CompletableFuture.allOf(acks).get(60, TimeUnit.SECONDS); // every publish confirmed by the new leader's quorum
        await().atMost(Duration.ofSeconds(60)).until(() -> app.received.size() == MESSAGES);
        assertEquals(MESSAGES, app.received.size());
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> jsm.getStreamInfo("R3").getStreamState().getMsgCount() == MESSAGES);
    }
}
