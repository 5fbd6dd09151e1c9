package io.smallrye.reactive.messaging.nats.benchmarks.quarkus;

import jakarta.inject.Inject;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.smallrye.reactive.messaging.nats.benchmarks.RawWorkloads;
import io.smallrye.reactive.messaging.nats.benchmarks.Settings;
import io.smallrye.reactive.messaging.nats.benchmarks.Table;
import io.smallrye.reactive.messaging.nats.benchmarks.Workbench;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/**
 * The benchmark in a packaged Quarkus application: each workload through raw jnats and through the connector's
 * channels in this application, in the same JVM against one local nats-server, alternately, and prints min / median /
 * max of each side:
 *
 * <pre>
 * mvn -q install -DskipTests
 * java -jar integration-tests/benchmarks-quarkus/target/quarkus-app/quarkus-run.jar messages=1000000 requests=20000 js=300000 iterations=5
 * </pre>
 *
 * Same arguments as the Weld SE benchmark; the peak-heap row is not run here (a heap figure of the whole
 * application would measure Quarkus, not the channel).
 */
@QuarkusMain
public class QuarkusBenchmarks implements QuarkusApplication {

    /** Made before Quarkus starts: the channels connect to its server at start-up. */
    private static Workbench bench;

    @Inject
    QuarkusWorkloads connector;

    public static void main(String... args) throws Exception {
        Settings settings = Settings.parse(args); // a wrong argument fails before anything starts
        NatsServer server = NatsServer.builder().jetStream().monitoring().start();
        bench = new Workbench(server, settings);
        System.setProperty("mp.messaging.connector.smallrye-nats.url", server.url());
        for (Signature signature : Signature.values()) {
            bench.createStream(signature.stream(), "bench.jsc." + signature.suffix());
            String sink = "mp.messaging.incoming.core-" + signature.suffix(); // as the raw dispatcher: unbounded
            System.setProperty(sink + ".pending-max-messages", String.valueOf(Math.max(settings.messages(), 1)));
            System.setProperty(sink + ".pending-max-bytes", String.valueOf(4L << 30));
        }
        Quarkus.run(QuarkusBenchmarks.class, (code, failure) -> {
            server.close();
            if (failure != null) {
                failure.printStackTrace();
            }
            System.exit(code);
        }, args);
    }

    @Override
    public int run(String... args) throws Exception {
        Settings settings = bench.settings();
        RawWorkloads raw = new RawWorkloads(bench);
        Table table = new Table(settings, "smallrye-nats on Quarkus");
        if (settings.includes("core")) {
            String name = String.format("core pub→sub, %,d messages, end to end", settings.messages());
            table.row(name + ", `void` method (a worker)", raw::corePubSub,
                    () -> connector.corePubSub(bench, Signature.BLOCKING));
            table.row(name + ", `@Blocking(ordered = false) void` (workers)", raw::corePubSub,
                    () -> connector.corePubSub(bench, Signature.UNORDERED));
            table.row(name + ", `void` method taking a `List` (`batch=true`, a worker)", raw::corePubSub,
                    () -> connector.corePubSub(bench, Signature.BATCH));
            table.row(name + ", `@NonBlocking void`", raw::corePubSub,
                    () -> connector.corePubSub(bench, Signature.NON_BLOCKING));
        }
        if (settings.includes("request-reply")) {
            String name = String.format("request/reply, %,d sequential", settings.requests());
            table.row(name + ", `byte[]` responder (a worker)", raw::requestReply,
                    () -> connector.requestReply(bench, true));
            table.row(name + ", `Uni<byte[]>` responder", raw::requestReply, () -> connector.requestReply(bench, false));
        }
        if (settings.includes("js-publish")) {
            table.row(String.format("JetStream publish, %,d messages, msg ids and checked PubAcks on both sides",
                    settings.jetStreamMessages()), () -> raw.jetStreamPublish(true), () -> connector.jetStreamPublish(bench));
        }
        if (settings.includes("js-consume")) {
            String name = String.format("JetStream consume + ack, %,d backlog", settings.jetStreamMessages());
            table.row(name + ", `void` method (a worker)", () -> raw.jetStreamConsume(settings.jetStreamMessages(), false),
                    () -> connector.jetStreamConsume(bench, Signature.BLOCKING));
            table.row(name + ", `@Blocking(ordered = false) void` (workers)",
                    () -> raw.jetStreamConsume(settings.jetStreamMessages(), false),
                    () -> connector.jetStreamConsume(bench, Signature.UNORDERED));
            table.row(name + ", `void` method taking a `List` (`batch=true`, a worker)",
                    () -> raw.jetStreamConsume(settings.jetStreamMessages(), false),
                    () -> connector.jetStreamConsume(bench, Signature.BATCH));
            table.row(name + ", `CompletionStage<Void>` method",
                    () -> raw.jetStreamConsume(settings.jetStreamMessages(), false),
                    () -> connector.jetStreamConsume(bench, Signature.NON_BLOCKING));
        }
        System.out.println(table);
        return 0;
    }
}
