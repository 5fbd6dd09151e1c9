package io.smallrye.reactive.messaging.nats.it.jetstream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.PriorityGroupState;
import io.nats.client.api.PriorityPolicy;
import io.smallrye.reactive.messaging.nats.IncomingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.it.base.JetStreamTestBase;

/** Active / standby replicas on one durable consumer with a pinned priority group (nats-server 2.11+). */
class PriorityGroupTest extends JetStreamTestBase {

    @Singleton // the test reads its fields: no client proxy
    public static class Standby {
        final List<String> received = new CopyOnWriteArrayList<>();
        final List<String> pinIds = new CopyOnWriteArrayList<>();
        volatile long firstAt;

        @Incoming("work")
        CompletionStage<Void> work(Message<byte[]> message) {
            if (firstAt == 0) {
                firstAt = System.nanoTime();
            }
            received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            message.getMetadata(IncomingJetStreamMetadata.class).flatMap(IncomingJetStreamMetadata::getPinId)
                    .ifPresent(pinIds::add);
            return message.ack();
        }
    }

    /** Two replicas in one application: each channel pulls, and is pinned, on its own. */
    @Singleton
    public static class Replicas {
        final Map<String, List<String>> received = new ConcurrentHashMap<>();

        @Incoming("replica-a")
        CompletionStage<Void> a(Message<byte[]> message) {
            return take("replica-a", message);
        }

        @Incoming("replica-b")
        CompletionStage<Void> b(Message<byte[]> message) {
            return take("replica-b", message);
        }

        private CompletionStage<Void> take(String replica, Message<byte[]> message) {
            received.computeIfAbsent(replica, r -> new CopyOnWriteArrayList<>())
                    .add(new String(message.getPayload(), StandardCharsets.UTF_8));
            return message.ack();
        }

        int total() {
            return received.values().stream().mapToInt(List::size).sum();
        }
    }

    private String pinnedClient() throws Exception {
        return consumer("workers").getPriorityGroupStates().stream().map(PriorityGroupState::getPinnedClientId)
                .filter(Objects::nonNull).findFirst().orElse("none");
    }

    private Map<String, String> standby() {
        Map<String, String> config = jetStreamIncoming(config(), "work", "workers");
        config.put("mp.messaging.incoming.work.bind", "true");
        config.put("mp.messaging.incoming.work.priority-group", "workers");
        return config;
    }

    private void publish(String label, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            publish(prefix + ".work", label + "-" + i);
        }
    }

    private static List<String> labelled(String label, int count) {
        return IntStream.range(0, count).mapToObj(i -> label + "-" + i).collect(Collectors.toList());
    }

    /** When the server unpinned the departed replica, in ms after it left; measured when the test waits for it. */
    private long unpinnedAfterMillis;

    /** The active replica's connection name, to see in the server's monitoring when it is gone. */
    private String activeName() {
        return prefix + "-active";
    }

    /** How the active replica goes away. */
    private interface Departure {
        void leave(Connection connection, MessageConsumer consumer) throws Exception;
    }

    /**
     * The active replica pulls first, so the server pins it, and gets every message while the application's channel
     * stands by in the same group; then it goes away, and the standby must get everything published after (or after
     * the server unpinned it, with {@code untilUnpinned}).
     *
     * @return the hand-over: from the departure to the standby's first message, in ms
     */
    private long handOver(Departure departure, boolean untilUnpinned) throws Exception {
        jsm().addOrUpdateConsumer(stream, ConsumerConfiguration.builder().durable("workers").filterSubject(prefix + ".>")
                .ackPolicy(AckPolicy.Explicit).priorityPolicy(PriorityPolicy.PinnedClient).priorityGroups("workers")
                .priorityTimeout(Duration.ofSeconds(2)).build());
        // The active replica: another process's jnats client in real life. Its pulls wait 2 s at most: a pull the
        // server holds is a replica still pulling.
        List<String> active = new CopyOnWriteArrayList<>();
        try (Connection activeConnection = Nats.connect(Options.builder().server(server.url()).connectionName(activeName())
                .build())) {
            MessageConsumer pulls = activeConnection.getConsumerContext(stream, "workers")
                    .consume(ConsumeOptions.builder().group("workers").expiresIn(2_000).build(), m -> {
                        active.add(new String(m.getData(), StandardCharsets.UTF_8));
                        m.ack();
                    });
            publish("warm-up", 10);
            await().until(() -> active.size() == 10);

            start(standby(), Standby.class);
            await().until(() -> readiness().isOk());
            Standby standby = bean(Standby.class);
            publish("pinned", 50);
            await().until(() -> active.size() == 60);
            assertEquals(List.of(), standby.received, "a pinned group delivers to the pinned replica only");

            long leftAt = System.nanoTime();
            departure.leave(activeConnection, pulls);
            if (untilUnpinned) {
                // An open pull of the departed replica would still take messages: publish once the server unpinned it.
                await().atMost(Duration.ofSeconds(20)).until(() -> jsm().getConsumerInfo(stream, "workers")
                        .getPriorityGroupStates().stream().allMatch(group -> group.getPinnedClientId() == null
                                || group.getPinnedClientId().equals("null") || group.getPinnedClientId().isEmpty()));
                unpinnedAfterMillis = Duration.ofNanos(System.nanoTime() - leftAt).toMillis();
            }
            publish("after", 20);
            await().atMost(Duration.ofSeconds(20)).until(() -> standby.received.size() == 20);
            assertEquals(labelled("after", 20), standby.received, "everything published after, in order");
            assertEquals(60, active.size(), "nothing delivered twice");
            assertEquals(1, Set.copyOf(standby.pinIds).size(), "pinned once, with one id: " + standby.pinIds);
            assertEquals(20, standby.pinIds.size(), "every message says which pin it was delivered under");
            return Duration.ofNanos(standby.firstAt - leftAt).toMillis();
        }
    }

    private boolean refusedByAnOlderServer() throws Exception {
        if (client().getServerInfo().isSameOrNewerThanVersion("2.11.0")) {
            return false;
        }
        start(standby(), Standby.class);
        await().until(() -> !readiness().isOk() && describe(readiness()).contains("SRNATS02008"));
        String reason = describe(readiness());
        assertTrue(reason.contains("priority-group 'workers'") && reason.contains("2.11.0"), reason);
        return true;
    }

    @Test
    void theStandbyTakesOverWhenThePinnedReplicaDies() throws Exception {
        if (refusedByAnOlderServer()) {
            return;
        }
        // Its connection closes, as when its process is killed: the server drops its pulls once it has seen the
        // connection go. Until then it may still hand a message to one of them (back after ack-wait only), so the
        // test publishes after that, as a later publisher would.
        long millis = handOver((connection, pulls) -> {
            connection.close();
            await().until(() -> server.connectionsNamed(Pattern.quote(activeName())) == 0);
        }, false);
        assertTrue(millis < 15_000, "hand-over in " + millis + " ms");
        System.out.println("Priority group hand-over on " + client().getServerInfo().getVersion() + ", pinned replica "
                + "killed: the standby got its first message " + millis + " ms later (priority timeout 2 s)");
    }

    @Test
    void aPinnedReplicaThatStopsPullingLosesThePinAfterThePriorityTimeout() throws Exception {
        if (refusedByAnOlderServer()) {
            return;
        }
        // It stays connected but pulls no more, as a hung agent: the server unpins it at the latest once its last pull
        // expired (they wait 2 s at most) and the 2 s priority timeout passed. Until then, an open pull would still
        // take messages.
        long millis = handOver((connection, pulls) -> pulls.stop(), true);
        assertTrue(unpinnedAfterMillis < 15_000, "unpinned in " + unpinnedAfterMillis + " ms");
        System.out.println("Priority group hand-over on " + client().getServerInfo().getVersion() + ", pinned replica "
                + "stopped pulling: unpinned " + unpinnedAfterMillis + " ms later (pull expiry 2 s, priority timeout 2 s);"
                + " the standby got the next message " + (millis - unpinnedAfterMillis) + " ms after that");
    }

    @Test
    void anIdlePinnedReplicaKeepsThePinWithPinnedTtlShorterThanPullExpires() throws Exception {
        if (refusedByAnOlderServer()) {
            return;
        }
        Map<String, String> config = config();
        for (String replica : List.of("replica-a", "replica-b")) {
            jetStreamIncoming(config, replica, "workers");
            config.put("mp.messaging.incoming." + replica + ".priority-group", "workers");
            config.put("mp.messaging.incoming." + replica + ".priority-policy", "pinned");
            config.put("mp.messaging.incoming." + replica + ".pinned-ttl", "2s"); // pull-expires is 5s by default
        }
        start(config, Replicas.class);
        await().until(() -> readiness().isOk());
        Replicas replicas = bean(Replicas.class);

        publish("first", 1);
        await().until(() -> replicas.total() == 1);
        String pinned = replicas.received.keySet().iterator().next();
        String pin = pinnedClient();
        // Idle for 2.5 times pinned-ttl: a replica waiting on one 5 s pull sends none in that time and lost the pin.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(() -> pin.equals(pinnedClient()));
        publish("later", 20);
        await().until(() -> replicas.total() == 21);
        assertEquals(21, replicas.received.get(pinned).size(), "the pinned replica got every message: " + replicas.received);
    }

    @Test
    void anOverflowReplicaOnlyGetsMessagesPastItsThreshold() throws Exception {
        if (refusedByAnOlderServer()) {
            return;
        }
        jsm().addOrUpdateConsumer(stream, ConsumerConfiguration.builder().durable("workers").filterSubject(prefix + ".>")
                .ackPolicy(AckPolicy.Explicit).priorityPolicy(PriorityPolicy.Overflow).priorityGroups("workers").build());
        Map<String, String> config = standby();
        config.put("mp.messaging.incoming.work.overflow-min-pending", "50");
        start(config, Standby.class);
        await().until(() -> readiness().isOk());
        Standby overflow = bean(Standby.class);

        publish("few", 20);
        // The channel's pull waits at the server, yet 20 pending stay below its threshold: nothing is delivered.
        await().until(() -> {
            var consumer = jsm().getConsumerInfo(stream, "workers");
            return consumer.getNumPending() == 20 && consumer.getNumWaiting() >= 1;
        });
        assertEquals(List.of(), overflow.received);

        publish("many", 80); // 100 pending: past the threshold, the channel's pulls are served
        await().until(() -> !overflow.received.isEmpty());
        assertEquals("few-0", overflow.received.get(0), "served in stream order once past the threshold");
    }

    @Test
    void priorityAttributesAreChecked() {
        Map<String, String> noGroup = jetStreamIncoming(config(), "work", "workers");
        noGroup.put("mp.messaging.incoming.work.priority-policy", "pinned");
        assertDeploymentFails(noGroup, Standby.class, "`priority-group`", "channel 'work'", "needs a group name");

        Map<String, String> badPolicy = standby();
        badPolicy.put("mp.messaging.incoming.work.priority-policy", "random");
        assertDeploymentFails(badPolicy, Standby.class, "`priority-policy`", "none, pinned or overflow");

        Map<String, String> ephemeral = jetStreamIncoming(config(), "work", null);
        ephemeral.put("mp.messaging.incoming.work.priority-group", "workers");
        ephemeral.put("mp.messaging.incoming.work.priority-policy", "pinned");
        assertDeploymentFails(ephemeral, Standby.class, "`priority-group`", "durable consumer");

        Map<String, String> shortPin = jetStreamIncoming(config(), "work", "workers");
        shortPin.put("mp.messaging.incoming.work.priority-group", "workers");
        shortPin.put("mp.messaging.incoming.work.priority-policy", "pinned");
        shortPin.put("mp.messaging.incoming.work.pinned-ttl", "1500ms");
        assertDeploymentFails(shortPin, Standby.class, "`pinned-ttl`", "channel 'work'", "at least 2s");
    }
}
