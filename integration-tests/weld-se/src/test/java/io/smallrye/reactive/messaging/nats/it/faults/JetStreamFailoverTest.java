package io.smallrye.reactive.messaging.nats.it.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.JetStreamManagement;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;
import io.smallrye.reactive.messaging.nats.support.NatsCluster;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/**
 * A 3-node cluster with an R3 stream and a backlog: the consumer leader, then the stream leader, then the meta leader
 * are killed (each restarted before the next) while the application consumes, next to a raw jnats {@code consume()}
 * on a durable of its own. Nothing is lost, and processing resumes soon after the consumer has a leader again. The
 * gaps come from the consumers' own timestamps, the elections from the servers' logs.
 */
class JetStreamFailoverTest extends NatsTestBase {

    /** Each kill takes about 1 000 messages and a few seconds of election: the backlog outlasts the three. */
    private static final int MESSAGES = 30_000;
    private static final Pattern NEW_CONSUMER_LEADER = Pattern.compile(
            "(\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}) \\[INF\\] JetStream cluster new consumer leader for '[^']*> R3 > (\\w+)'");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSS");

    private NatsCluster cluster;
    private Connection admin;
    private Connection raw;

    /** Slow work, so that the backlog outlasts the kills: at most 1 500 a second, 500-700 on a loaded 2-core machine. */
    private static void work() throws InterruptedException {
        Thread.sleep(0, 500_000);
    }

    @Singleton // no client proxy: the test reads the fields directly
    public static class App {
        final Set<String> received = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<Instant> processedAt = new ConcurrentLinkedQueue<>();

        @Incoming("in")
        CompletionStage<Void> consume(Message<String> message) throws InterruptedException {
            work();
            received.add(message.getPayload());
            processedAt.add(Instant.now());
            return message.ack();
        }
    }

    @AfterEach
    void stopCluster() throws InterruptedException {
        for (Connection connection : new Connection[] { raw, admin }) {
            if (connection != null) {
                connection.close();
            }
        }
    }

    /** The first time a surviving node logged a new leader for the durable after the kill, if any did. */
    private Instant elected(String durable, Instant killedAt) {
        Instant first = null;
        for (NatsServer node : cluster.nodes()) {
            Matcher line = NEW_CONSUMER_LEADER.matcher(node.logText());
            while (line.find()) {
                Instant at = LocalDateTime.parse(line.group(1), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant();
                if (line.group(2).equals(durable) && at.isAfter(killedAt) && (first == null || at.isBefore(first))) {
                    first = at;
                }
            }
        }
        return first;
    }

    /** How long after {@code from} the first message was processed, in ms. */
    private static long resumedAfter(Collection<Instant> processed, Instant from) {
        return processed.stream().filter(t -> t.isAfter(from)).min(Instant::compareTo)
                .map(t -> Duration.between(from, t).toMillis()).orElse(Long.MAX_VALUE);
    }

    /** Longest pause between two processed messages around the kill, in ms. */
    private static long longestGap(Collection<Instant> processed, Instant killedAt) {
        List<Instant> times = processed.stream().filter(t -> t.isAfter(killedAt.minusMillis(500))).sorted().toList();
        long longest = 0;
        for (int i = 1; i < times.size(); i++) {
            longest = Math.max(longest, Duration.between(times.get(i - 1), times.get(i)).toMillis());
        }
        return longest;
    }

    /** Kills the leader, waits for both consumers to go on, restarts it; returns the connector's resume time. */
    private long killAndMeasure(App app, Collection<Instant> rawProcessed, String role, Supplier<String> leader) {
        String victim = leader.get();
        NatsServer node = cluster.node(victim);
        Instant killedAt = Instant.now();
        node.kill();
        int appBefore = app.received.size();
        int rawBefore = rawProcessed.size();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> app.received.size() > appBefore + 1_000);
        } catch (ConditionTimeoutException stalled) {
            throw new AssertionError(role + " (" + victim + ") killed: within 60 s the connector processed "
                    + (app.received.size() - appBefore) + " more (1 001 expected), raw jnats "
                    + (rawProcessed.size() - rawBefore) + " more", stalled);
        }
        try { // raw jnats is the reference figure, not the subject: a stall of its consume() is reported, not failed
            await().atMost(Duration.ofSeconds(30)).until(() -> rawProcessed.size() > rawBefore + 1_000);
        } catch (ConditionTimeoutException rawStalled) {
            System.out.printf("JetStream failover, %s (%s) killed: raw jnats consume() processed only %d more in 30 s%n",
                    role, victim, rawProcessed.size() - rawBefore);
        }
        Instant appElection = elected("orders", killedAt);
        Instant rawElection = elected("raw", killedAt);
        long appResume = resumedAfter(app.processedAt, appElection == null ? killedAt : appElection);
        long rawResume = resumedAfter(rawProcessed, rawElection == null ? killedAt : rawElection);
        System.out.printf("JetStream failover, %s (%s) killed: connector gap %d ms, resumed %d ms after %s; "
                + "raw jnats consume() gap %d ms, resumed %d ms after %s%n", role, victim,
                longestGap(app.processedAt, killedAt), appResume, appElection == null ? "the kill" : "its consumer's election",
                longestGap(rawProcessed, killedAt), rawResume, rawElection == null ? "the kill" : "its consumer's election");
        node.start();
        // The restarted node catches up on the stream's file store: the servers' work, slow on a loaded machine.
        try {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> admin.jetStreamManagement()
                    .getStreamInfo("R3").getClusterInfo().getReplicas().stream().allMatch(r -> r.isCurrent()));
        } catch (ConditionTimeoutException behind) {
            throw new AssertionError("the restarted " + victim + " did not catch up within 90 s: " + replicas(), behind);
        }
        return appResume;
    }

    private String replicas() {
        try {
            return String.valueOf(admin.jetStreamManagement().getStreamInfo("R3").getClusterInfo());
        } catch (Exception e) {
            return "no stream info: " + e;
        }
    }

    private static ConsumerConfiguration durable(String name) {
        return ConsumerConfiguration.builder().durable(name).ackPolicy(AckPolicy.Explicit).filterSubject("orders.>")
                .ackWait(Duration.ofSeconds(3)).maxAckPending(1000).build();
    }

    @Test
    void killingEachLeaderInTurnLosesNothingAndProcessingResumesSoonAfterTheElection() throws Exception {
        cluster = servers.own(NatsCluster.start(3));
        admin = Nats.connect(new Options.Builder().servers(cluster.urls().split(",")).maxReconnects(-1).build());
        JetStreamManagement jsm = admin.jetStreamManagement();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> jsm.addStream(StreamConfiguration.builder()
                .name("R3").subjects("orders.>").replicas(3).storageType(StorageType.File).build()) != null);
        // The durables exist before the consumers connect, so that these can be connected to another node.
        jsm.addOrUpdateConsumer("R3", durable("orders"));
        jsm.addOrUpdateConsumer("R3", durable("raw"));
        String consumerLeader = jsm.getConsumerInfo("R3", "orders").getClusterInfo().getLeader();
        NatsServer survivor = cluster.nodes().stream().filter(n -> n != cluster.node(consumerLeader)).findFirst().orElseThrow();

        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            pending.add(admin.jetStream().publishAsync("orders.new", ("order-" + i).getBytes(StandardCharsets.UTF_8)));
            if (pending.size() == 1_000 || i == MESSAGES - 1) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                pending.clear();
            }
        }

        // The raw jnats reference: consume() with the same pull expiry, connected to the same node.
        raw = Nats.connect(new Options.Builder().server(survivor.url()).maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(100)).build());
        Collection<Instant> rawProcessed = new ConcurrentLinkedQueue<>();
        MessageConsumer rawConsumer = raw.getStreamContext("R3").getConsumerContext("raw")
                .consume(ConsumeOptions.builder().expiresIn(1_000).build(), message -> {
                    try {
                        work();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    rawProcessed.add(Instant.now());
                    message.ack();
                });

        Map<String, String> config = config();
        config.put("mp.messaging.connector.smallrye-nats.url", survivor.url());
        config.put("mp.messaging.connector.smallrye-nats.reconnect-wait", "100ms");
        incoming(config, "in", "orders.>");
        config.put("mp.messaging.incoming.in.jetstream", "true");
        config.put("mp.messaging.incoming.in.stream", "R3");
        config.put("mp.messaging.incoming.in.durable", "orders");
        config.put("mp.messaging.incoming.in.ack-wait", "3s");
        config.put("mp.messaging.incoming.in.pull-expires", "1s");
        start(config, App.class);
        App app = bean(App.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.received.size() > 1_000);

        long consumer = killAndMeasure(app, rawProcessed, "consumer leader", () -> consumerLeader);
        long stream = killAndMeasure(app, rawProcessed, "stream leader", () -> leaderOf(jsm));
        long meta = killAndMeasure(app, rawProcessed, "meta leader", cluster::metaLeader);

        // The pace of the rest depends on the machine; what must not happen is a consumer that stops.
        Instant lastKillDone = Instant.now();
        int left = MESSAGES - app.received.size();
        awaitProgressTo(MESSAGES, app.received::size, Duration.ofSeconds(30), () -> consumerState(jsm));
        System.out.printf("JetStream failover: the last %d messages took %d ms%n", left,
                Duration.between(lastKillDone, Instant.now()).toMillis());
        rawConsumer.stop();
        for (int i = 0; i < MESSAGES; i++) {
            assertTrue(app.received.contains("order-" + i), "lost order-" + i);
        }
        assertEquals(MESSAGES, app.received.size());
        // Generous, as this machine is noisy; the figures are printed above.
        assertTrue(consumer < 2_000 && stream < 2_000 && meta < 2_000,
                "resumed after (ms): consumer leader " + consumer + ", stream leader " + stream + ", meta leader " + meta);
    }

    private static String consumerState(JetStreamManagement jsm) {
        try {
            ConsumerInfo info = jsm.getConsumerInfo("R3", "orders");
            return "consumer 'orders': " + info.getNumPending() + " pending, " + info.getNumAckPending() + " ack pending, "
                    + info.getRedelivered() + " redelivered, " + info.getNumWaiting() + " waiting pulls, leader "
                    + info.getClusterInfo().getLeader();
        } catch (Exception e) {
            return "consumer info unavailable: " + e;
        }
    }

    private static String leaderOf(JetStreamManagement jsm) {
        try {
            return jsm.getStreamInfo("R3").getClusterInfo().getLeader();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
