package io.smallrye.reactive.messaging.nats.benchmarks;

import static io.smallrye.reactive.messaging.nats.benchmarks.Workbench.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.MessageConsumer;
import io.nats.client.NUID;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.PublishAck;

/** Each workload with jnats written the way its documentation recommends: the side the connector is measured against. */
public final class RawWorkloads {

    private final Workbench bench;
    private final Settings settings;

    public RawWorkloads(Workbench bench) {
        this.bench = bench;
        this.settings = bench.settings();
    }

    public Result corePubSub() throws Exception {
        String subject = "core." + bench.nextRun();
        int count = settings.messages();
        try (Connection pub = bench.connect(); Connection sub = bench.connect()) {
            CountDownLatch received = new CountDownLatch(count);
            Dispatcher dispatcher = sub.createDispatcher(m -> received.countDown());
            dispatcher.setPendingLimits(-1, -1);
            dispatcher.subscribe(subject);
            sub.flush(Duration.ofSeconds(5));
            byte[] payload = settings.payload();
            long startCpu = bench.cpuNanos();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                pub.publish(subject, payload);
            }
            await(received, "raw core pub/sub");
            return Result.throughput(count, System.nanoTime() - start, bench.cpuNanos() - startCpu);
        }
    }

    public Result requestReply() throws Exception {
        String subject = "rr." + bench.nextRun();
        try (Connection requester = bench.connect(); Connection responder = bench.connect()) {
            Dispatcher dispatcher = responder.createDispatcher(m -> responder.publish(m.getReplyTo(), m.getData()));
            dispatcher.subscribe(subject);
            responder.flush(Duration.ofSeconds(5));
            byte[] payload = settings.payload();
            long[] latencies = new long[settings.requests()];
            long startCpu = bench.cpuNanos();
            for (int i = 0; i < latencies.length; i++) {
                long start = System.nanoTime();
                if (requester.request(subject, payload, Duration.ofSeconds(5)) == null) {
                    throw new IllegalStateException("raw request " + i + " got no reply");
                }
                latencies[i] = System.nanoTime() - start;
            }
            return Result.latencies(latencies, bench.cpuNanos() - startCpu);
        }
    }

    /**
     * @param likeConnector every publish with a fresh {@code Nats-Msg-Id} and its PubAck checked (the stream stored
     *        it, not as a duplicate), as the connector does; else jnats' plain {@code publishAsync}
     */
    public Result jetStreamPublish(boolean likeConnector) throws Exception {
        Workbench.FreshStream fresh = bench.freshStream("jsp");
        String subject = fresh.subject();
        String stream = fresh.name();
        try (Connection connection = bench.connect()) {
            JetStream js = connection.jetStream();
            Semaphore window = new Semaphore(1000);
            CountDownLatch acked = new CountDownLatch(settings.jetStreamMessages());
            AtomicLong failed = new AtomicLong();
            byte[] payload = settings.payload();
            long startCpu = bench.cpuNanos();
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
            return Result.throughput(settings.jetStreamMessages(), System.nanoTime() - start, bench.cpuNanos() - startCpu);
        } finally {
            bench.deleteStream(stream);
        }
    }

    /** Consumes and acks a backlog of {@code count} with jnats' {@code consume()}, timed from the first message. */
    public Result jetStreamConsume(int count, boolean heap) throws Exception {
        Workbench.FreshStream fresh = bench.freshStream("jsc");
        String subject = fresh.subject();
        String stream = fresh.name();
        bench.fill(subject, count);
        try (Connection connection = bench.connect()) {
            ConsumerContext consumer = connection.getStreamContext(stream).createOrUpdateConsumer(
                    ConsumerConfiguration.builder().durable("raw").ackPolicy(AckPolicy.Explicit).build());
            CountDownLatch received = new CountDownLatch(count);
            CountDownLatch started = new CountDownLatch(1);
            AtomicLong first = new AtomicLong();
            AtomicLong firstCpu = new AtomicLong();
            try (MessageConsumer ignored = consumer.consume(m -> {
                if (first.compareAndSet(0, System.nanoTime())) {
                    firstCpu.set(bench.cpuNanos());
                    started.countDown();
                }
                m.ack();
                received.countDown();
            })) {
                if (heap) {
                    await(started, "raw JetStream consume");
                    return HeapSampler.start().until(received, "raw JetStream consume");
                }
                await(received, "raw JetStream consume");
            }
            return Result.throughput(count, System.nanoTime() - first.get(), bench.cpuNanos() - firstCpu.get());
        } finally {
            bench.deleteStream(stream);
        }
    }
}
