package io.smallrye.reactive.messaging.nats.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.smallrye.reactive.messaging.nats.support.NatsServer;

/**
 * Runs every workload through raw jnats and through smallrye-nats in the same process against one local
 * nats-server, and prints the medians side by side:
 *
 * <pre>
 * mvn -q -pl integration-tests/benchmarks -am install -DskipTests
 * mvn -q -f integration-tests/benchmarks exec:java -Dexec.args="messages=1000000 requests=20000 js=300000 backlog=1000000 iterations=3"
 * </pre>
 */
public class Benchmarks {

    public static void main(String[] args) throws Exception {
        System.out.println(run(Settings.parse(args)));
        System.exit(0);
    }

    /** The table in Markdown; each row is {@code warmups} unmeasured runs, then the median of {@code iterations}. */
    static String run(Settings settings) throws Exception {
        StringBuilder table = new StringBuilder(String.format("%d-byte payloads; median of %d runs after %d warm-up%n%n",
                settings.size(), settings.iterations(), settings.warmups()));
        table.append("| workload | raw jnats | smallrye-nats | ratio |\n|---|---|---|---|\n");
        try (NatsServer server = NatsServer.builder().jetStream().monitoring().start()) {
            Workloads w = new Workloads(server, settings);
            row(table, settings, String.format("core pub→sub, %,d messages, end to end", settings.messages()),
                    w::corePubSubRaw, w::corePubSubConnector, true);
            row(table, settings, String.format("request/reply, %,d sequential, p50 / p99 / p99.9", settings.requests()),
                    w::requestReplyRaw, w::requestReplyConnector, false);
            row(table, settings, String.format("JetStream publish with PubAck, %,d messages", settings.jetStreamMessages()),
                    w::jetStreamPublishRaw, w::jetStreamPublishConnector, true);
            row(table, settings, String.format("JetStream consume + ack, %,d backlog", settings.jetStreamMessages()),
                    () -> w.jetStreamConsumeRaw(settings.jetStreamMessages(), false),
                    () -> w.jetStreamConsumeConnector(settings.jetStreamMessages(), false), true);
            row(table, settings, String.format("JetStream %,d backlog: peak heap", settings.backlog()),
                    () -> w.jetStreamConsumeRaw(settings.backlog(), true),
                    () -> w.jetStreamConsumeConnector(settings.backlog(), true), false);
        }
        return table.toString();
    }

    /**
     * @param higherIsBetter throughput (ratio connector/raw) or latency and heap (ratio raw/connector), so that a
     *        ratio below 1 always means the connector costs something
     */
    private static void row(StringBuilder table, Settings settings, String name, Callable<Result> raw,
            Callable<Result> connector, boolean higherIsBetter) throws Exception {
        Result r = measure(settings, raw);
        Result c = measure(settings, connector);
        double ratio = higherIsBetter ? c.value() / r.value() : r.value() / c.value();
        table.append(String.format("| %s | %s | %s | %.2f× |%n", name, r.text(), c.text(), ratio));
    }

    private static Result measure(Settings settings, Callable<Result> workload) throws Exception {
        for (int i = 0; i < settings.warmups(); i++) {
            workload.call();
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < settings.iterations(); i++) {
            results.add(workload.call());
        }
        return Result.median(results);
    }
}
