package io.smallrye.reactive.messaging.nats.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.smallrye.reactive.messaging.nats.support.NatsServer;

/**
 * Runs every workload through raw jnats and through smallrye-nats in the same process against one local
 * nats-server, alternately, and prints min / median / max of each side:
 *
 * <pre>
 * mvn -q -pl integration-tests/benchmarks -am install -DskipTests
 * mvn -q -f integration-tests/benchmarks exec:java -Dexec.args="messages=1000000 requests=20000 js=300000 backlog=1000000 iterations=5"
 * </pre>
 *
 * {@code only=core,request-reply,js-publish,js-consume,backlog-heap} runs some of the workloads (e.g. under a profiler).
 */
public class Benchmarks {

    public static void main(String[] args) throws Exception {
        System.out.println(run(Settings.parse(args)));
        System.exit(0);
    }

    /**
     * The table in Markdown. Each row runs the raw and the connector side alternately (ABAB...), {@code warmups}
     * unmeasured pairs first, and shows min / median / max of each side; the ratio compares the medians.
     */
    static String run(Settings settings) throws Exception {
        StringBuilder table = new StringBuilder(String.format(
                "%d-byte payloads; %d measured runs per side after %d warm-up, raw and connector alternately; "
                        + "min / **median** / max%n%n",
                settings.size(), settings.iterations(), settings.warmups()));
        table.append("| workload | raw jnats | smallrye-nats | ratio | CPU per message, raw / connector (JVM + server) |\n"
                + "|---|---|---|---|---|\n");
        try (NatsServer server = NatsServer.builder().jetStream().monitoring().start()) {
            Workloads w = new Workloads(server, settings);
            if (settings.includes("core")) {
                row(table, settings, String.format("core pub→sub, %,d messages, end to end", settings.messages()),
                        w::corePubSubRaw, w::corePubSubConnector);
            }
            if (settings.includes("request-reply")) {
                row(table, settings, String.format("request/reply, %,d sequential", settings.requests()),
                        w::requestReplyRaw, w::requestReplyConnector);
            }
            if (settings.includes("js-publish")) {
                row(table, settings, String.format("JetStream publish, %,d messages, msg ids and checked PubAcks on both sides",
                        settings.jetStreamMessages()), () -> w.jetStreamPublishRaw(true), w::jetStreamPublishConnector);
                row(table, settings, String.format("JetStream publish, %,d messages, raw without msg ids or checks",
                        settings.jetStreamMessages()), () -> w.jetStreamPublishRaw(false), w::jetStreamPublishConnector);
            }
            if (settings.includes("js-consume")) {
                row(table, settings, String.format("JetStream consume + ack, %,d backlog", settings.jetStreamMessages()),
                        () -> w.jetStreamConsumeRaw(settings.jetStreamMessages(), false),
                        () -> w.jetStreamConsumeConnector(settings.jetStreamMessages(), false));
            }
            if (settings.includes("backlog-heap")) {
                row(table, settings, String.format("JetStream %,d backlog: peak heap", settings.backlog()),
                        () -> w.jetStreamConsumeRaw(settings.backlog(), true),
                        () -> w.jetStreamConsumeConnector(settings.backlog(), true));
            }
        }
        return table.toString();
    }

    /**
     * The ratio is connector/raw for throughput and raw/connector for latency and heap, so that below 1 always means
     * the connector costs something; "(within noise)" marks a row whose two ranges overlap.
     */
    private static void row(StringBuilder table, Settings settings, String name, Callable<Result> raw,
            Callable<Result> connector) throws Exception {
        for (int i = 0; i < settings.warmups(); i++) {
            raw.call();
            connector.call();
        }
        List<Result> raws = new ArrayList<>();
        List<Result> connectors = new ArrayList<>();
        for (int i = 0; i < settings.iterations(); i++) {
            raws.add(raw.call());
            connectors.add(connector.call());
        }
        double r = Result.medianValue(raws);
        double c = Result.medianValue(connectors);
        double ratio = raws.get(0).higherIsBetter() ? c / r : r / c;
        table.append(String.format("| %s | %s | %s | %.2f×%s | %s / %s |%n", name, Result.describe(raws),
                Result.describe(connectors), ratio, Result.overlap(raws, connectors) ? " (within noise)" : "",
                Result.cpu(raws), Result.cpu(connectors)));
        System.err.println(name + " done");
    }
}
