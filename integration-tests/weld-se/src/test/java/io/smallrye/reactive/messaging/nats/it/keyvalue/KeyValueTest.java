package io.smallrye.reactive.messaging.nats.it.keyvalue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.StorageType;
import io.smallrye.reactive.messaging.nats.IncomingKeyValueMetadata;
import io.smallrye.reactive.messaging.nats.OutgoingKeyValueMetadata;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;

class KeyValueTest extends NatsTestBase {

    /** One update as the application saw it: key, operation, revision and value. */
    record Update(String key, KeyValueOperation operation, long revision, String value) {
        static Update of(Message<byte[]> message) {
            IncomingKeyValueMetadata kv = message.getMetadata(IncomingKeyValueMetadata.class).orElseThrow();
            return new Update(kv.getKey(), kv.getOperation(), kv.getRevision(),
                    new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return key + " " + operation + " " + value;
        }
    }

    @Singleton // the test reads its fields: no client proxy
    public static class Watchers {
        final List<Update> latest = new CopyOnWriteArrayList<>();
        final List<Update> history = new CopyOnWriteArrayList<>();
        final List<Update> updates = new CopyOnWriteArrayList<>();

        @Incoming("latest")
        CompletionStage<Void> latest(Message<byte[]> message) {
            latest.add(Update.of(message));
            return message.ack();
        }

        @Incoming("history")
        CompletionStage<Void> history(Message<byte[]> message) {
            history.add(Update.of(message));
            return message.ack();
        }

        @Incoming("updates")
        CompletionStage<Void> updates(Message<byte[]> message) {
            updates.add(Update.of(message));
            return message.ack();
        }
    }

    @Singleton // the test reads its fields: no client proxy
    public static class Writer {
        @Inject
        @Channel("plans")
        Emitter<String> plans;
    }

    private String bucket;

    @BeforeEach
    void bucketName() {
        bucket = "b-" + prefix.replaceAll("[^A-Za-z0-9-]", "-");
    }

    private KeyValue createBucket(int history) throws Exception {
        kvm().create(KeyValueConfiguration.builder().name(bucket).maxHistoryPerKey(history).storageType(StorageType.Memory)
                .build());
        return client().keyValue(bucket);
    }

    private KeyValueManagement kvm() throws Exception {
        return client().keyValueManagement();
    }

    private Map<String, String> watch(Map<String, String> config, String channel) {
        config.put("mp.messaging.incoming." + channel + ".connector", "smallrye-nats");
        config.put("mp.messaging.incoming." + channel + ".kv-bucket", bucket);
        return config;
    }

    private static String text(KeyValueEntry entry) {
        return entry == null || entry.getValue() == null ? null : new String(entry.getValue(), StandardCharsets.UTF_8);
    }

    @Test
    void aWatchStartsAtTheLatestValuesTheWholeHistoryOrTheNextUpdate() throws Exception {
        KeyValue kv = createBucket(5);
        kv.put("task.1", "planned");
        kv.put("task.1", "assigned");
        kv.put("task.2", "planned");
        kv.put("agent.a", "idle");
        Map<String, String> config = config();
        watch(config, "latest");
        watch(config, "history").put("mp.messaging.incoming.history.kv-deliver", "history");
        watch(config, "updates").put("mp.messaging.incoming.updates.kv-deliver", "updates");
        config.put("mp.messaging.incoming.latest.kv-keys", "task.*");
        start(config, Watchers.class);
        await().until(() -> readiness().isOk());
        Watchers watchers = bean(Watchers.class);

        await().until(() -> watchers.latest.size() >= 2 && watchers.history.size() >= 4);
        assertEquals("[task.1 PUT assigned, task.2 PUT planned]", watchers.latest.toString(), "the latest of task.*");
        assertEquals("[task.1 PUT planned, task.1 PUT assigned, task.2 PUT planned, agent.a PUT idle]",
                watchers.history.toString());
        assertEquals(List.of(), watchers.updates);

        long revision = kv.put("task.1", "done");
        kv.delete("task.2");
        await().until(() -> watchers.updates.size() >= 2 && watchers.latest.size() >= 4 && watchers.history.size() >= 6);
        assertEquals("[task.1 PUT done, task.2 DELETE ]", watchers.updates.toString(), "a delete has no value");
        assertEquals(revision, watchers.updates.get(0).revision());
        assertEquals(watchers.updates, watchers.latest.subList(2, 4));
        assertEquals(watchers.updates, watchers.history.subList(4, 6));
    }

    @Test
    void deletesCanBeIgnoredAndABucketIsCreatedWhenAsked() throws Exception {
        Map<String, String> config = config();
        watch(config, "latest").put("mp.messaging.incoming.latest.kv-ignore-deletes", "true");
        config.put("mp.messaging.incoming.latest.auto-create-bucket", "true");
        config.put("mp.messaging.incoming.latest.kv-history", "3");
        config.put("mp.messaging.incoming.latest.kv-storage", "memory");
        config.put("mp.messaging.incoming.latest.kv-ttl", "1h");
        start(config, Watchers.class);
        // Caught up: the watch's consumer exists, so it sees every change below, not only the latest values
        await().until(() -> readiness().isOk() && !describe(readiness()).contains("catching up"));

        KeyValueConfiguration created = kvm().getStatus(bucket).getConfiguration();
        assertEquals(3, created.getMaxHistoryPerKey());
        assertEquals(StorageType.Memory, created.getStorageType());
        assertEquals(Duration.ofHours(1), created.getTtl());

        KeyValue kv = client().keyValue(bucket);
        kv.put("a", "1");
        kv.delete("a");
        kv.put("b", "2");
        kv.purge("b");
        kv.put("c", "3");
        Watchers watchers = bean(Watchers.class);
        await().until(() -> watchers.latest.size() >= 3);
        assertEquals("[a PUT 1, b PUT 2, c PUT 3]", watchers.latest.toString());
    }

    @Test
    void aMissingBucketHoldsTheChannelUntilItExists() throws Exception {
        Map<String, String> config = watch(config(), "latest");
        start(config, Watchers.class);
        await().until(() -> !readiness().isOk() && describe(readiness()).contains("SRNATS02003"));
        assertTrue(describe(readiness()).contains(bucket), describe(readiness()));

        createBucket(1).put("k", "v");
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness().isOk());
        Watchers watchers = bean(Watchers.class);
        await().until(() -> watchers.latest.size() == 1);
        assertEquals("[k PUT v]", watchers.latest.toString());
    }

    @Test
    void aLongHistoryComesWholeAndInOrderThroughASlowMethod() throws Exception {
        KeyValue kv = createBucket(1);
        int keys = 2_000; // several times what the watch holds for the channel: the dispatcher must wait for demand
        for (int i = 0; i < keys; i++) {
            kv.put("k." + i, String.valueOf(i));
        }
        start(watch(config(), "latest"), SlowWatcher.class);
        SlowWatcher watcher = bean(SlowWatcher.class);
        awaitProgressTo(keys, watcher.seen::size, Duration.ofSeconds(10), () -> watcher.seen.size() + " seen");
        assertEquals(keys, watcher.seen.size());
        for (int i = 0; i < keys; i++) {
            assertEquals("k." + i, watcher.seen.get(i));
        }
    }

    @Singleton // the test reads its fields: no client proxy
    public static class SlowWatcher {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Incoming("latest")
        CompletionStage<Void> watch(Message<byte[]> message) {
            seen.add(message.getMetadata(IncomingKeyValueMetadata.class).orElseThrow().getKey());
            // the ack comes later, on another thread: the channel cannot run ahead of it by more than its buffers
            return CompletableFuture.runAsync(() -> {
            }, CompletableFuture.delayedExecutor(seen.size() % 100 == 0 ? 20 : 0, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> message.ack());
        }
    }

    private Map<String, String> writer() {
        Map<String, String> config = config();
        config.put("mp.messaging.outgoing.plans.connector", "smallrye-nats");
        config.put("mp.messaging.outgoing.plans.kv-bucket", bucket);
        config.put("mp.messaging.outgoing.plans.kv-key", "plan.current");
        return config;
    }

    private void send(Message<String> message) throws Exception {
        send(bean(Writer.class).plans, message).get(10, TimeUnit.SECONDS);
    }

    private Throwable refused(Message<String> message) throws Exception {
        try {
            send(message);
        } catch (ExecutionException nacked) {
            return nacked.getCause();
        }
        throw new AssertionError("expected a nack for " + message.getMetadata());
    }

    @Test
    void messagesPutCreateUpdateAndDeleteKeys() throws Exception {
        KeyValue kv = createBucket(5);
        start(writer(), Writer.class);
        await().until(() -> readiness().isOk());

        send(Message.of("draft"));
        KeyValueEntry draft = kv.get("plan.current");
        assertEquals("draft", text(draft), "put under kv-key");

        send(Message.of("first").addMetadata(OutgoingKeyValueMetadata.create("plan.next")));
        assertEquals("first", text(kv.get("plan.next")));
        Throwable exists = refused(Message.of("second").addMetadata(OutgoingKeyValueMetadata.create("plan.next")));
        assertTrue(exists.getMessage().contains("SRNATS02006") && exists.getMessage().contains("create key 'plan.next'")
                && exists.getMessage().contains("expected no value"),
                exists.getMessage());
        assertEquals("first", text(kv.get("plan.next")), "a refused create leaves the value");

        send(Message.of("final").addMetadata(OutgoingKeyValueMetadata.update("plan.current", draft.getRevision())));
        assertEquals("final", text(kv.get("plan.current")));
        Throwable stale = refused(
                Message.of("stale").addMetadata(OutgoingKeyValueMetadata.update("plan.current", draft.getRevision())));
        assertTrue(stale.getMessage().contains("SRNATS02006") && stale.getMessage().contains("expected revision "
                + draft.getRevision()), stale.getMessage());
        assertEquals("final", text(kv.get("plan.current")), "a stale update leaves the value");

        send(Message.of("").addMetadata(OutgoingKeyValueMetadata.delete("plan.next")));
        assertNull(kv.get("plan.next"), "deleted");
        send(Message.of("").addMetadata(OutgoingKeyValueMetadata.purge("plan.current")));
        assertEquals(List.of(KeyValueOperation.PURGE),
                kv.history("plan.current").stream().map(KeyValueEntry::getOperation).collect(Collectors.toList()),
                "a purge leaves only its marker");

        // A deleted key can be created again.
        send(Message.of("again").addMetadata(OutgoingKeyValueMetadata.create("plan.next")));
        assertArrayEquals("again".getBytes(StandardCharsets.UTF_8), kv.get("plan.next").getValue());
    }

    @Test
    void aWriteWithoutKeyOrToAMissingBucketIsNackedWithTheCause() throws Exception {
        Map<String, String> config = writer();
        config.remove("mp.messaging.outgoing.plans.kv-key");
        start(config, Writer.class);
        await().until(() -> readiness().isOk());

        Throwable noKey = refused(Message.of("x"));
        assertTrue(noKey.getMessage().contains("SRNATS02005") && noKey.getMessage().contains("kv-key"), noKey.getMessage());
        Throwable badKey = refused(Message.of("x").addMetadata(OutgoingKeyValueMetadata.put("a key")));
        assertTrue(badKey.getMessage().contains("SRNATS02007"), badKey.getMessage());
        Throwable missing = refused(Message.of("x").addMetadata(OutgoingKeyValueMetadata.put("k")));
        assertTrue(missing.getMessage().contains("SRNATS02003") && missing.getMessage().contains(bucket),
                missing.getMessage());

        createBucket(1);
        send(Message.of("x").addMetadata(OutgoingKeyValueMetadata.put("k")));
        assertEquals("x", text(client().keyValue(bucket).get("k")), "written once the bucket exists");
        assertFalse(kvm().getBucketNames().isEmpty());
    }

    public static class Plan {
        public String goal;
        public List<String> steps;

        public Plan() {
        }

        Plan(String goal, List<String> steps) {
            this.goal = goal;
            this.steps = steps;
        }
    }

    @Singleton // the test reads its fields: no client proxy
    public static class PlanAgents {
        final List<Plan> seen = new CopyOnWriteArrayList<>();

        @Inject
        @Channel("plan-updates")
        Emitter<Plan> plans;

        @Incoming("plan")
        void onPlan(Plan plan) {
            seen.add(plan);
        }
    }

    @Test
    void aPojoIsStoredAsJsonAndWatchedTyped() throws Exception {
        // The README's configuration: deletes are skipped, as a POJO method could not take an empty value.
        Map<String, String> config = config();
        config.put("mp.messaging.incoming.plan.connector", "smallrye-nats");
        config.put("mp.messaging.incoming.plan.kv-bucket", bucket);
        config.put("mp.messaging.incoming.plan.kv-keys", "plan.>");
        config.put("mp.messaging.incoming.plan.auto-create-bucket", "true");
        config.put("mp.messaging.incoming.plan.kv-ignore-deletes", "true");
        config.put("mp.messaging.outgoing.plan-updates.connector", "smallrye-nats");
        config.put("mp.messaging.outgoing.plan-updates.kv-bucket", bucket);
        config.put("mp.messaging.outgoing.plan-updates.kv-key", "plan.current");
        start(config, PlanAgents.class);
        await().until(() -> readiness().isOk());
        PlanAgents agents = bean(PlanAgents.class);

        agents.plans.send(new Plan("ship", List.of("build", "test")));
        agents.plans.send(Message.of(new Plan("", List.of())).addMetadata(OutgoingKeyValueMetadata.delete("plan.current")));
        agents.plans.send(new Plan("ship again", List.of("deploy")));
        await().until(() -> agents.seen.size() >= 2);
        assertEquals("ship", agents.seen.get(0).goal);
        assertEquals(List.of("build", "test"), agents.seen.get(0).steps);
        assertEquals("ship again", agents.seen.get(1).goal);
        assertTrue(text(client().keyValue(bucket).get("plan.current")).contains("\"goal\":\"ship again\""));
        assertEquals(2, agents.seen.size());
        assertTrue(liveness().isOk(), describe(liveness()));
    }

    @Test
    void keyValueAttributesAreChecked() {
        Map<String, String> both = watch(config(), "latest");
        both.put("mp.messaging.incoming.latest.subject", "x");
        assertDeploymentFails(both, Watchers.class, "SRNATS01000", "`subject`", "channel 'latest'", "kv-bucket");

        Map<String, String> badName = watch(config(), "latest");
        badName.put("mp.messaging.incoming.latest.kv-bucket", "no.dots");
        assertDeploymentFails(badName, Watchers.class, "`kv-bucket`", "channel 'latest'", "no.dots");

        Map<String, String> badDeliver = watch(config(), "latest");
        badDeliver.put("mp.messaging.incoming.latest.kv-deliver", "oldest");
        assertDeploymentFails(badDeliver, Watchers.class, "`kv-deliver`", "channel 'latest'", "latest, history or updates");

        Map<String, String> badKey = writer();
        badKey.put("mp.messaging.outgoing.plans.kv-key", "plan.*");
        assertDeploymentFails(badKey, Writer.class, "`kv-key`", "channel 'plans'");
    }
}
