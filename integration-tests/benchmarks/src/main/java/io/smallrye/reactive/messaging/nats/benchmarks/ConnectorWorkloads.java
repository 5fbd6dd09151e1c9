package io.smallrye.reactive.messaging.nats.benchmarks;

import static io.smallrye.reactive.messaging.nats.benchmarks.Workbench.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Each workload through smallrye-nats channels in a Weld SE application started for the run: same server, same
 * payloads, same counts as {@link RawWorkloads}.
 */
final class ConnectorWorkloads {

    private final Workbench bench;
    private final Settings settings;

    ConnectorWorkloads(Workbench bench) {
        this.bench = bench;
        this.settings = bench.settings();
    }

    private Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        config.put("mp.messaging.connector.smallrye-nats.url", bench.url());
        config.put("mp.messaging.connector.smallrye-nats.tracing-enabled", "false");
        return config;
    }

    /**
     * @param batch whether the sink takes a list of payloads per call ({@code batch=true})
     * @param vertxContext whether each message gets a Vert.x context ({@code vertx-context}, the default)
     */
    Result corePubSub(boolean batch, boolean vertxContext) throws Exception {
        String subject = "core." + bench.nextRun();
        Map<String, String> config = config();
        config.put("mp.messaging.outgoing.source.connector", "smallrye-nats");
        config.put("mp.messaging.outgoing.source.subject", subject);
        config.put("mp.messaging.incoming.sink.connector", "smallrye-nats");
        config.put("mp.messaging.incoming.sink.subject", subject);
        config.put("mp.messaging.incoming.sink.connection-name", "sink"); // its own connection, like the raw subscriber
        config.put("mp.messaging.incoming.sink.pending-max-messages", String.valueOf(Math.max(settings.messages(), 1)));
        config.put("mp.messaging.incoming.sink.pending-max-bytes", String.valueOf(4L << 30));
        config.put("mp.messaging.incoming.sink.batch", String.valueOf(batch));
        config.put("mp.messaging.incoming.sink.vertx-context", String.valueOf(vertxContext));
        Class<?> sink = batch ? ConnectorApps.BatchSink.class : ConnectorApps.Sink.class;
        try (Application app = new Application(config, ConnectorApps.PubSub.class, sink)) {
            bench.awaitSubscribed(subject);
            return timedPubSub(app, "connector core pub/sub");
        }
    }

    /**
     * The beans of {@link #corePubSub} with their channels joined in memory by SmallRye, no connector and no NATS:
     * what the framework alone costs per message, which no connector can go below.
     */
    Result inMemoryPubSub() throws Exception {
        try (Application app = new Application(config(), ConnectorApps.PubSub.class, ConnectorApps.InMemorySink.class)) {
            return timedPubSub(app, "in-memory pub/sub");
        }
    }

    /** Starts the application's {@link ConnectorApps.PubSub} and times it until its sink has every message. */
    private Result timedPubSub(Application app, String what) throws InterruptedException {
        ConnectorApps.PubSub bean = app.bean(ConnectorApps.PubSub.class);
        bean.count = settings.messages();
        bean.received = new CountDownLatch(settings.messages());
        long startCpu = bench.cpuNanos();
        long start = System.nanoTime();
        bean.start.complete(settings.payload());
        await(bean.received, what);
        return Result.throughput(settings.messages(), System.nanoTime() - start, bench.cpuNanos() - startCpu);
    }

    /** @param vertxContext whether each question gets a Vert.x context ({@code vertx-context}, the default) */
    Result requestReply(boolean vertxContext) throws Exception {
        String subject = "rr." + bench.nextRun();
        Map<String, String> config = config();
        config.put("mp.messaging.incoming.questions.connector", "smallrye-nats");
        config.put("mp.messaging.incoming.questions.subject", subject);
        config.put("mp.messaging.incoming.questions.connection-name", "responder");
        config.put("mp.messaging.incoming.questions.vertx-context", String.valueOf(vertxContext));
        config.put("mp.messaging.outgoing.answers.connector", "smallrye-nats");
        config.put("mp.messaging.outgoing.answers.connection-name", "responder");
        config.put("mp.messaging.outgoing.ask.connector", "smallrye-nats");
        config.put("mp.messaging.outgoing.ask.subject", subject);
        try (Application app = new Application(config, ConnectorApps.RequestReply.class)) {
            ConnectorApps.RequestReply bean = app.bean(ConnectorApps.RequestReply.class);
            bench.awaitSubscribed(subject);
            byte[] payload = settings.payload();
            long[] latencies = new long[settings.requests()];
            long startCpu = bench.cpuNanos();
            for (int i = 0; i < latencies.length; i++) {
                long start = System.nanoTime();
                bean.ask.request(payload).await().atMost(Duration.ofSeconds(5));
                latencies[i] = System.nanoTime() - start;
            }
            return Result.latencies(latencies, bench.cpuNanos() - startCpu);
        }
    }

    Result jetStreamPublish() throws Exception {
        Workbench.FreshStream fresh = bench.freshStream("jsp");
        String subject = fresh.subject();
        String stream = fresh.name();
        Map<String, String> config = config();
        config.put("mp.messaging.outgoing.js-out.connector", "smallrye-nats");
        config.put("mp.messaging.outgoing.js-out.jetstream", "true");
        config.put("mp.messaging.outgoing.js-out.subject", subject);
        config.put("mp.messaging.outgoing.js-out.max-inflight-messages", "1000");
        try (Application app = new Application(config, ConnectorApps.JetStreamPublish.class)) {
            ConnectorApps.JetStreamPublish bean = app.bean(ConnectorApps.JetStreamPublish.class);
            bean.count = settings.jetStreamMessages();
            bean.acked = new CountDownLatch(settings.jetStreamMessages());
            long startCpu = bench.cpuNanos();
            long start = System.nanoTime();
            bean.start.complete(settings.payload());
            await(bean.acked, "connector JetStream publish");
            if (!bean.failures.isEmpty()) {
                throw new IllegalStateException(bean.failures.size() + " publishes failed", bean.failures.get(0));
            }
            return Result.throughput(settings.jetStreamMessages(), System.nanoTime() - start, bench.cpuNanos() - startCpu);
        } finally {
            bench.deleteStream(stream);
        }
    }

    /**
     * @param batch whether the method takes a batch of messages per call ({@code batch=true})
     * @param vertxContext whether each message (or batch) gets a Vert.x context ({@code vertx-context}, the default)
     */
    Result jetStreamConsume(int count, boolean heap, boolean batch, boolean vertxContext) throws Exception {
        Workbench.FreshStream fresh = bench.freshStream("jsc");
        String subject = fresh.subject();
        String stream = fresh.name();
        bench.fill(subject, count);
        Map<String, String> config = config();
        config.put("mp.messaging.incoming.js-in.connector", "smallrye-nats");
        config.put("mp.messaging.incoming.js-in.jetstream", "true");
        config.put("mp.messaging.incoming.js-in.subject", subject);
        config.put("mp.messaging.incoming.js-in.stream", stream);
        config.put("mp.messaging.incoming.js-in.durable", "connector");
        config.put("mp.messaging.incoming.js-in.batch", String.valueOf(batch));
        config.put("mp.messaging.incoming.js-in.vertx-context", String.valueOf(vertxContext));
        ConnectorApps.JetStreamCount.cpu = bench::cpuNanos;
        ConnectorApps.JetStreamCount.received = new CountDownLatch(count);
        ConnectorApps.JetStreamCount.started = new CountDownLatch(1);
        Class<? extends ConnectorApps.JetStreamCount> consumer = batch ? ConnectorApps.JetStreamBatchConsume.class
                : ConnectorApps.JetStreamConsume.class;
        try (Application app = new Application(config, consumer)) {
            ConnectorApps.JetStreamCount bean = app.bean(consumer);
            if (heap) {
                return HeapSampler.whileConsuming(ConnectorApps.JetStreamCount.started,
                        ConnectorApps.JetStreamCount.received, "connector JetStream consume");
            }
            await(ConnectorApps.JetStreamCount.received, "connector JetStream consume");
            return Result.throughput(count, System.nanoTime() - bean.first, bench.cpuNanos() - bean.firstCpu);
        } finally {
            bench.deleteStream(stream);
        }
    }
}
