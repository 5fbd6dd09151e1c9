package io.smallrye.reactive.messaging.nats.benchmarks;

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

    /** The table in Markdown: every workload, or those {@code only} names. */
    static String run(Settings settings) throws Exception {
        Table table = new Table(settings, "smallrye-nats");
        try (NatsServer server = NatsServer.builder().jetStream().monitoring().start()) {
            Workbench bench = new Workbench(server, settings);
            RawWorkloads raw = new RawWorkloads(bench);
            ConnectorWorkloads connector = new ConnectorWorkloads(bench);
            if (settings.includes("core")) {
                String name = String.format("core pub→sub, %,d messages, end to end", settings.messages());
                row(table, name, raw::corePubSub, () -> connector.corePubSub(false, true));
                row(table, name + ", `vertx-context=false` (no Vert.x context, the channel's own thread)",
                        raw::corePubSub, () -> connector.corePubSub(false, false));
                row(table, name + ", `batch=true` (a `List` per call)", raw::corePubSub,
                        () -> connector.corePubSub(true, true));
                row(table, name + "; right: no connector, no NATS, the same beans joined in memory by SmallRye",
                        raw::corePubSub, connector::inMemoryPubSub);
            }
            if (settings.includes("request-reply")) {
                String name = String.format("request/reply, %,d sequential", settings.requests());
                row(table, name, raw::requestReply, () -> connector.requestReply(true));
                row(table, name + ", responder with `vertx-context=false` (no hop to an event loop)", raw::requestReply,
                        () -> connector.requestReply(false));
            }
            if (settings.includes("js-publish")) {
                row(table, String.format("JetStream publish, %,d messages, msg ids and checked PubAcks on both sides",
                        settings.jetStreamMessages()), () -> raw.jetStreamPublish(true), connector::jetStreamPublish);
                row(table, String.format("JetStream publish, %,d messages, raw without msg ids or checks",
                        settings.jetStreamMessages()), () -> raw.jetStreamPublish(false), connector::jetStreamPublish);
            }
            if (settings.includes("js-consume")) {
                String name = String.format("JetStream consume + ack, %,d backlog", settings.jetStreamMessages());
                row(table, name, () -> raw.jetStreamConsume(settings.jetStreamMessages(), false),
                        () -> connector.jetStreamConsume(settings.jetStreamMessages(), false, false, true));
                row(table, name + ", `vertx-context=false` (no Vert.x context, the channel's own thread)",
                        () -> raw.jetStreamConsume(settings.jetStreamMessages(), false),
                        () -> connector.jetStreamConsume(settings.jetStreamMessages(), false, false, false));
                row(table, name + ", `batch=true` (a batch acked per call)",
                        () -> raw.jetStreamConsume(settings.jetStreamMessages(), false),
                        () -> connector.jetStreamConsume(settings.jetStreamMessages(), false, true, true));
            }
            if (settings.includes("backlog-heap")) {
                row(table,
                        String.format("JetStream %,d backlog: peak live heap (after a full collection every 250 ms)",
                                settings.backlog()),
                        () -> raw.jetStreamConsume(settings.backlog(), true),
                        () -> connector.jetStreamConsume(settings.backlog(), true, false, true));
            }
        }
        return table.toString();
    }

    /** A row whose connector side runs in one application, started for the row's runs and stopped after them. */
    private static void row(Table table, String name, Callable<Result> raw,
            Callable<ConnectorWorkloads.Workload> connector) throws Exception {
        try (ConnectorWorkloads.Workload workload = connector.call()) {
            table.row(name, raw, workload.run());
        }
    }
}
