package io.smallrye.reactive.messaging.nats.benchmarks;

import static io.smallrye.reactive.messaging.nats.benchmarks.Workbench.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Each workload through smallrye-nats channels in a Weld SE application: same server, same payloads, same counts as
 * {@link RawWorkloads}. The application starts once per row and serves every run of it, as a service serves its
 * traffic: a container booted per run made the JIT compile the connector's code again during each measured run,
 * which the CPU column counted.
 */
final class ConnectorWorkloads {

    /**
     * The application of one row, started: {@code run} makes one run of the row; {@code cleanup} removes what the row
     * left on the server, once the application has stopped.
     */
    record Workload(Application app, Callable<Result> run, AutoCloseable cleanup) implements AutoCloseable {

        Workload(Application app, Callable<Result> run) {
            this(app, run, () -> {
            });
        }

        @Override
        public void close() throws Exception {
            try {
                app.close();
            } finally {
                cleanup.close();
            }
        }
    }

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
    Workload corePubSub(boolean batch, boolean vertxContext) throws Exception {
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
        Application app = new Application(config, ConnectorApps.PubSub.class, sink);
        bench.awaitSubscribed(subject);
        return new Workload(app, () -> timedPubSub(app, "connector core pub/sub"));
    }

    /**
     * The beans of {@link #corePubSub} with their channels joined in memory by SmallRye, no connector and no NATS:
     * what the framework alone costs per message, which no connector can go below.
     */
    Workload inMemoryPubSub() {
        Application app = new Application(config(), ConnectorApps.PubSub.class, ConnectorApps.InMemorySink.class);
        return new Workload(app, () -> timedPubSub(app, "in-memory pub/sub"));
    }

    /** Sends a burst through the application's {@link ConnectorApps.PubSub}, timed until its sink has every message. */
    private Result timedPubSub(Application app, String what) throws InterruptedException {
        ConnectorApps.PubSub bean = app.bean(ConnectorApps.PubSub.class);
        bean.received = new CountDownLatch(settings.messages());
        long startCpu = bench.cpuNanos();
        long start = System.nanoTime();
        bean.source.send(settings.messages(), settings.payload());
        await(bean.received, what);
        return Result.throughput(settings.messages(), System.nanoTime() - start, bench.cpuNanos() - startCpu);
    }

    /** @param vertxContext whether each question gets a Vert.x context ({@code vertx-context}, the default) */
    Workload requestReply(boolean vertxContext) throws Exception {
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
        Application app = new Application(config, ConnectorApps.RequestReply.class);
        bench.awaitSubscribed(subject);
        return new Workload(app, () -> timedRequests(app.bean(ConnectorApps.RequestReply.class)));
    }

    private Result timedRequests(ConnectorApps.RequestReply bean) {
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

    /** Each run publishes to a stream of its own, made before the run and deleted after it. */
    Workload jetStreamPublish() {
        String subject = "jsp." + bench.nextRun();
        Map<String, String> config = config();
        config.put("mp.messaging.outgoing.js-out.connector", "smallrye-nats");
        config.put("mp.messaging.outgoing.js-out.jetstream", "true");
        config.put("mp.messaging.outgoing.js-out.subject", subject);
        config.put("mp.messaging.outgoing.js-out.max-inflight-messages", "1000");
        Application app = new Application(config, ConnectorApps.JetStreamPublish.class);
        return new Workload(app, () -> timedPublish(app.bean(ConnectorApps.JetStreamPublish.class), subject));
    }

    private Result timedPublish(ConnectorApps.JetStreamPublish bean, String subject) throws Exception {
        String stream = "BENCH" + bench.nextRun();
        bench.createStream(stream, subject);
        try {
            int count = settings.jetStreamMessages();
            bean.settlements.expect(count);
            long startCpu = bench.cpuNanos();
            long start = System.nanoTime();
            bean.source.send(count, settings.payload());
            bean.settlements.await("connector JetStream publish");
            return Result.throughput(count, System.nanoTime() - start, bench.cpuNanos() - startCpu);
        } finally {
            bench.deleteStream(stream);
        }
    }

    /**
     * Each run stores its backlog while the run's first message waits at the gate, and purges the stream after it;
     * the durable consumer stays.
     *
     * @param heap the peak live heap instead of the throughput
     * @param batch whether the method takes a batch of messages per call ({@code batch=true})
     * @param vertxContext whether each message (or batch) gets a Vert.x context ({@code vertx-context}, the default)
     */
    Workload jetStreamConsume(int count, boolean heap, boolean batch, boolean vertxContext) throws Exception {
        Workbench.FreshStream fresh = bench.freshStream("jsc");
        Map<String, String> config = config();
        config.put("mp.messaging.incoming.js-in.connector", "smallrye-nats");
        config.put("mp.messaging.incoming.js-in.jetstream", "true");
        config.put("mp.messaging.incoming.js-in.subject", fresh.subject());
        config.put("mp.messaging.incoming.js-in.stream", fresh.name());
        config.put("mp.messaging.incoming.js-in.durable", "connector");
        config.put("mp.messaging.incoming.js-in.batch", String.valueOf(batch));
        config.put("mp.messaging.incoming.js-in.vertx-context", String.valueOf(vertxContext));
        Class<? extends ConnectorApps.JetStreamCount> consumer = batch ? ConnectorApps.JetStreamBatchConsume.class
                : ConnectorApps.JetStreamConsume.class;
        Application app;
        try {
            app = new Application(config, consumer);
        } catch (RuntimeException e) {
            bench.deleteStream(fresh.name());
            throw e;
        }
        ConnectorApps.JetStreamCount bean = app.bean(consumer);
        return new Workload(app, () -> timedConsume(bean, fresh, count, heap), () -> bench.deleteStream(fresh.name()));
    }

    private Result timedConsume(ConnectorApps.JetStreamCount bean, Workbench.FreshStream stream, int count,
            boolean heap) throws Exception {
        ConsumeRun run = new ConsumeRun(count);
        bean.run = run;
        bench.fill(stream.subject(), count);
        await(run.atGate(), "the first message at the gate");
        String what = "connector JetStream consume";
        try {
            if (heap) {
                HeapSampler sampler = HeapSampler.start();
                run.open();
                return sampler.until(run.received(), what);
            }
            long startCpu = bench.cpuNanos();
            long start = System.nanoTime();
            run.open();
            await(run.received(), what);
            return Result.throughput(count, System.nanoTime() - start, bench.cpuNanos() - startCpu);
        } finally {
            bench.purgeStream(stream.name());
        }
    }
}
