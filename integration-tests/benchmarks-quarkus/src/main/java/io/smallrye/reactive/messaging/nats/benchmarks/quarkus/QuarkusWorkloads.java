package io.smallrye.reactive.messaging.nats.benchmarks.quarkus;

import static io.smallrye.reactive.messaging.nats.benchmarks.Workbench.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.smallrye.reactive.messaging.nats.NatsRequestReply;
import io.smallrye.reactive.messaging.nats.benchmarks.ConsumeRun;
import io.smallrye.reactive.messaging.nats.benchmarks.Result;
import io.smallrye.reactive.messaging.nats.benchmarks.Workbench;

/**
 * Each workload through the channels of this one running Quarkus application: same server, payloads and counts as
 * the raw side. Unlike the Weld SE benchmark, the application is not started per run; subjects and streams stay.
 */
@Singleton
public class QuarkusWorkloads {

    private static final String PUBLISH_STREAM = "BENCH_PUBLISH";

    @Inject
    Channels.PubSub pubSub;

    @Inject
    Channels.RequestReply requestReply;

    @Inject
    Channels.JetStreamPublish jetStreamPublish;

    @Inject
    Channels.JetStreamConsume jetStreamConsume;

    Result corePubSub(Workbench bench, Signature signature) throws Exception {
        int count = bench.settings().messages();
        bench.awaitSubscribed("bench.core." + signature.suffix());
        pubSub.received = new CountDownLatch(count);
        long startCpu = bench.cpuNanos();
        long start = System.nanoTime();
        pubSub.source(signature).send(count, bench.settings().payload());
        await(pubSub.received, "connector core pub/sub");
        return Result.throughput(count, System.nanoTime() - start, bench.cpuNanos() - startCpu);
    }

    Result requestReply(Workbench bench, boolean blocking) throws Exception {
        bench.awaitSubscribed(blocking ? "bench.rr.blocking" : "bench.rr.non-blocking");
        NatsRequestReply<byte[], byte[]> ask = blocking ? requestReply.askBlocking : requestReply.askNonBlocking;
        byte[] payload = bench.settings().payload();
        long[] latencies = new long[bench.settings().requests()];
        long startCpu = bench.cpuNanos();
        for (int i = 0; i < latencies.length; i++) {
            long start = System.nanoTime();
            ask.request(payload).await().atMost(Duration.ofSeconds(5));
            latencies[i] = System.nanoTime() - start;
        }
        return Result.latencies(latencies, bench.cpuNanos() - startCpu);
    }

    Result jetStreamPublish(Workbench bench) throws Exception {
        int count = bench.settings().jetStreamMessages();
        bench.createStream(PUBLISH_STREAM, "bench.jsp");
        try {
            jetStreamPublish.settlements.expect(count);
            long startCpu = bench.cpuNanos();
            long start = System.nanoTime();
            jetStreamPublish.source.send(count, bench.settings().payload());
            jetStreamPublish.settlements.await("connector JetStream publish");
            return Result.throughput(count, System.nanoTime() - start, bench.cpuNanos() - startCpu);
        } finally {
            bench.deleteStream(PUBLISH_STREAM);
        }
    }

    /** The backlog is stored while the run's first message waits at the gate; the clock starts when it opens. */
    Result jetStreamConsume(Workbench bench, Signature signature) throws Exception {
        int count = bench.settings().jetStreamMessages();
        ConsumeRun run = new ConsumeRun(count);
        jetStreamConsume.run = run;
        bench.fill("bench.jsc." + signature.suffix(), count);
        await(run.atGate(), "the first message at the gate");
        long startCpu = bench.cpuNanos();
        long start = System.nanoTime();
        run.open();
        await(run.received(), "connector JetStream consume");
        long elapsed = System.nanoTime() - start;
        long cpu = bench.cpuNanos() - startCpu;
        bench.purgeStream(signature.stream());
        return Result.throughput(count, elapsed, cpu);
    }
}
