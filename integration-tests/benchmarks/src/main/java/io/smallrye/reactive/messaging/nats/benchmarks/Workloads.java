package io.smallrye.reactive.messaging.nats.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.MessageConsumer;
import io.nats.client.NUID;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/**
 * Each workload twice: with jnats written the way its documentation recommends, and through smallrye-nats channels
 * in a Weld SE application. Same server, same payloads, same counts.
 */
final class Workloads {

    private static final Duration TIMEOUT = Duration.ofMinutes(Long.getLong("benchmark.timeout.minutes", 2));

    private final NatsServer server;
    private final Settings settings;
    private final CpuTime cpu;
    private int run;

    Workloads(NatsServer server, Settings settings) {
        this.server = server;
        this.settings = settings;
        this.cpu = new CpuTime(server.pid());
    }

    private Connection connect() throws Exception {
        return Nats.connect(new Options.Builder().server(server.url()).maxReconnects(-1).build());
    }

    private Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        config.put("mp.messaging.connector.smallrye-nats.url", server.url());
        config.put("mp.messaging.connector.smallrye-nats.tracing-enabled", "false");
        return config;
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(what + ": " + latch.getCount() + " messages missing after " + TIMEOUT);
        }
    }

    // core pub -> sub ------------------------------------------------------------------------------------------

    Result corePubSubRaw() throws Exception {
        String subject = "core." + (++run);
        int count = settings.messages();
        try (Connection pub = connect(); Connection sub = connect()) {
            CountDownLatch received = new CountDownLatch(count);
            Dispatcher dispatcher = sub.createDispatcher(m -> received.countDown());
            dispatcher.setPendingLimits(-1, -1);
            dispatcher.subscribe(subject);
            sub.flush(Duration.ofSeconds(5));
            byte[] payload = settings.payload();
            long startCpu = cpu.nanos();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                pub.publish(subject, payload);
            }
            await(received, "raw core pub/sub");
            return Result.throughput(count, System.nanoTime() - start, cpu.nanos() - startCpu);
        }
    }

    Result corePubSubConnector() throws Exception {
        String subject = "core." + (++run);
        Map<String, String> config = config();
        config.put("mp.messaging.outgoing.source.connector", "smallrye-nats");
        config.put("mp.messaging.outgoing.source.subject", subject);
        config.put("mp.messaging.incoming.sink.connector", "smallrye-nats");
        config.put("mp.messaging.incoming.sink.subject", subject);
        config.put("mp.messaging.incoming.sink.connection-name", "sink"); // its own connection, like the raw subscriber
        config.put("mp.messaging.incoming.sink.pending-max-messages", String.valueOf(Math.max(settings.messages(), 1)));
        config.put("mp.messaging.incoming.sink.pending-max-bytes", String.valueOf(4L << 30));
        try (Application app = new Application(config, ConnectorApps.PubSub.class)) {
            ConnectorApps.PubSub bean = app.bean(ConnectorApps.PubSub.class);
            bean.count = settings.messages();
            bean.received = new CountDownLatch(settings.messages());
            awaitSubscribed(subject);
            long startCpu = cpu.nanos();
            long start = System.nanoTime();
            bean.start.complete(settings.payload());
            await(bean.received, "connector core pub/sub");
            return Result.throughput(settings.messages(), System.nanoTime() - start, cpu.nanos() - startCpu);
        }
    }

    /** Subscriptions are made in the background once connected: wait until the server routes the subject. */
    private void awaitSubscribed(String subject) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (subscriptions(subject) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nobody subscribed to " + subject);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos()); // polling the server's monitoring endpoint
        }
    }

    private long subscriptions(String subject) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.monitorPort() + "/subsz?test=" + subject);
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString()).body();
        Matcher matcher = Pattern.compile("\"num_matches\":\\s*(\\d+)").matcher(body);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    // request / reply --------------------------------------------------------------------------------------------

    Result requestReplyRaw() throws Exception {
        String subject = "rr." + (++run);
        try (Connection requester = connect(); Connection responder = connect()) {
            Dispatcher dispatcher = responder.createDispatcher(m -> responder.publish(m.getReplyTo(), m.getData()));
            dispatcher.subscribe(subject);
            responder.flush(Duration.ofSeconds(5));
            byte[] payload = settings.payload();
            long[] latencies = new long[settings.requests()];
            long startCpu = cpu.nanos();
            for (int i = 0; i < latencies.length; i++) {
                long start = System.nanoTime();
                if (requester.request(subject, payload, Duration.ofSeconds(5)) == null) {
                    throw new IllegalStateException("raw request " + i + " got no reply");
                }
                latencies[i] = System.nanoTime() - start;
            }
            return Result.latencies(latencies, cpu.nanos() - startCpu);
        }
    }

    Result requestReplyConnector() throws Exception {
        String subject = "rr." + (++run);
        Map<String, String> config = config();
        config.put("mp.messaging.incoming.questions.connector", "smallrye-nats");
        config.put("mp.messaging.incoming.questions.subject", subject);
        config.put("mp.messaging.incoming.questions.connection-name", "responder");
        config.put("mp.messaging.outgoing.answers.connector", "smallrye-nats");
        config.put("mp.messaging.outgoing.answers.connection-name", "responder");
        config.put("mp.messaging.outgoing.ask.connector", "smallrye-nats");
        config.put("mp.messaging.outgoing.ask.subject", subject);
        try (Application app = new Application(config, ConnectorApps.RequestReply.class)) {
            ConnectorApps.RequestReply bean = app.bean(ConnectorApps.RequestReply.class);
            awaitSubscribed(subject);
            byte[] payload = settings.payload();
            long[] latencies = new long[settings.requests()];
            long startCpu = cpu.nanos();
            for (int i = 0; i < latencies.length; i++) {
                long start = System.nanoTime();
                bean.ask.request(payload).await().atMost(Duration.ofSeconds(5));
                latencies[i] = System.nanoTime() - start;
            }
            return Result.latencies(latencies, cpu.nanos() - startCpu);
        }
    }

    // JetStream publish --------------------------------------------------------------------------------------------

    private String freshStream(String subject) throws Exception {
        String stream = "BENCH" + (++run);
        try (Connection admin = connect()) {
            admin.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream).subjects(subject)
                    .storageType(StorageType.File).build());
        }
        return stream;
    }

    private void deleteStream(String stream) throws Exception {
        try (Connection admin = connect()) {
            admin.jetStreamManagement().deleteStream(stream);
        }
    }

    /**
     * @param likeConnector every publish with a fresh {@code Nats-Msg-Id} and its PubAck checked (the stream stored
     *        it, not as a duplicate), as the connector does; else jnats' plain {@code publishAsync}
     */
    Result jetStreamPublishRaw(boolean likeConnector) throws Exception {
        String subject = "jsp." + (run + 1);
        String stream = freshStream(subject);
        try (Connection connection = connect()) {
            JetStream js = connection.jetStream();
            Semaphore window = new Semaphore(1000);
            CountDownLatch acked = new CountDownLatch(settings.jetStreamMessages());
            AtomicLong failed = new AtomicLong();
            byte[] payload = settings.payload();
            long startCpu = cpu.nanos();
            long start = System.nanoTime();
            for (int i = 0; i < settings.jetStreamMessages(); i++) {
                window.acquire();
                CompletableFuture<PublishAck> ack = likeConnector
                        ? js.publishAsync(subject, payload, PublishOptions.builder().messageId(NUID.nextGlobal()).build())
                        : js.publishAsync(subject, payload);
                ack.whenComplete((pubAck, failure) -> {
                    window.release();
                    if (failure != null || likeConnector && (pubAck.isDuplicate() || !stream.equals(pubAck.getStream()))) {
                        failed.incrementAndGet();
                    }
                    acked.countDown();
                });
            }
            await(acked, "raw JetStream publish");
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " raw publishes failed");
            }
            return Result.throughput(settings.jetStreamMessages(), System.nanoTime() - start, cpu.nanos() - startCpu);
        } finally {
            deleteStream(stream);
        }
    }

    Result jetStreamPublishConnector() throws Exception {
        String subject = "jsp." + (run + 1);
        String stream = freshStream(subject);
        Map<String, String> config = config();
        config.put("mp.messaging.outgoing.js-out.connector", "smallrye-nats");
        config.put("mp.messaging.outgoing.js-out.jetstream", "true");
        config.put("mp.messaging.outgoing.js-out.subject", subject);
        config.put("mp.messaging.outgoing.js-out.max-inflight-messages", "1000");
        try (Application app = new Application(config, ConnectorApps.JetStreamPublish.class)) {
            ConnectorApps.JetStreamPublish bean = app.bean(ConnectorApps.JetStreamPublish.class);
            bean.count = settings.jetStreamMessages();
            bean.acked = new CountDownLatch(settings.jetStreamMessages());
            long startCpu = cpu.nanos();
            long start = System.nanoTime();
            bean.start.complete(settings.payload());
            await(bean.acked, "connector JetStream publish");
            if (!bean.failures.isEmpty()) {
                throw new IllegalStateException(bean.failures.size() + " publishes failed", bean.failures.get(0));
            }
            return Result.throughput(settings.jetStreamMessages(), System.nanoTime() - start, cpu.nanos() - startCpu);
        } finally {
            deleteStream(stream);
        }
    }

    // JetStream consume + ack --------------------------------------------------------------------------------------

    private String backlog(String subject, int count) throws Exception {
        String stream = freshStream(subject);
        try (Connection connection = connect()) {
            JetStream js = connection.jetStream();
            Semaphore window = new Semaphore(2000);
            CountDownLatch acked = new CountDownLatch(count);
            byte[] payload = settings.payload();
            for (int i = 0; i < count; i++) {
                window.acquire();
                js.publishAsync(subject, payload).whenComplete((ack, failure) -> {
                    window.release();
                    acked.countDown();
                });
            }
            await(acked, "filling the backlog");
        }
        return stream;
    }

    Result jetStreamConsumeRaw(int count, boolean heap) throws Exception {
        String subject = "jsc." + (run + 1);
        String stream = backlog(subject, count);
        HeapSampler sampler = heap ? HeapSampler.start() : null;
        try (Connection connection = connect()) {
            ConsumerContext consumer = connection.getStreamContext(stream).createOrUpdateConsumer(
                    ConsumerConfiguration.builder().durable("raw").ackPolicy(AckPolicy.Explicit).build());
            CountDownLatch received = new CountDownLatch(count);
            AtomicLong first = new AtomicLong();
            AtomicLong firstCpu = new AtomicLong();
            try (MessageConsumer ignored = consumer.consume(m -> {
                if (first.compareAndSet(0, System.nanoTime())) {
                    firstCpu.set(cpu.nanos());
                }
                m.ack();
                received.countDown();
            })) {
                await(received, "raw JetStream consume");
            }
            long elapsed = System.nanoTime() - first.get();
            return heap ? Result.heap(sampler.stop()) : Result.throughput(count, elapsed, cpu.nanos() - firstCpu.get());
        } finally {
            deleteStream(stream);
        }
    }

    Result jetStreamConsumeConnector(int count, boolean heap) throws Exception {
        String subject = "jsc." + (run + 1);
        String stream = backlog(subject, count);
        HeapSampler sampler = heap ? HeapSampler.start() : null;
        Map<String, String> config = config();
        config.put("mp.messaging.incoming.js-in.connector", "smallrye-nats");
        config.put("mp.messaging.incoming.js-in.jetstream", "true");
        config.put("mp.messaging.incoming.js-in.subject", subject);
        config.put("mp.messaging.incoming.js-in.stream", stream);
        config.put("mp.messaging.incoming.js-in.durable", "connector");
        ConnectorApps.JetStreamConsume.cpu = cpu::nanos;
        try (Application app = new Application(config, ConnectorApps.JetStreamConsume.class)) {
            ConnectorApps.JetStreamConsume bean = app.bean(ConnectorApps.JetStreamConsume.class);
            bean.received = new CountDownLatch(count);
            await(bean.received, "connector JetStream consume");
            long elapsed = System.nanoTime() - bean.first;
            return heap ? Result.heap(sampler.stop()) : Result.throughput(count, elapsed, cpu.nanos() - bean.firstCpu);
        } finally {
            deleteStream(stream);
        }
    }

    /** Peak heap in use while a workload runs, sampled every 20 ms after a collection. */
    static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        private HeapSampler() {
            System.gc();
            thread = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20); // a sampling period, not a wait for a condition
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        static HeapSampler start() {
            return new HeapSampler();
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return peak.get();
        }
    }
}
