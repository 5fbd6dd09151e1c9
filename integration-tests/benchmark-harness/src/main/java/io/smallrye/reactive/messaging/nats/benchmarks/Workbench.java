package io.smallrye.reactive.messaging.nats.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

/**
 * What every workload of either side needs on the one server of a run: connections, fresh subjects and streams,
 * backlogs, waits with a deadline, and the CPU clock.
 */
public final class Workbench {

    public static final Duration TIMEOUT = Duration.ofMinutes(Long.getLong("benchmark.timeout.minutes", 2));

    private final NatsServer server;
    private final Settings settings;
    private final CpuTime cpu;
    private int run;

    /** @param server started with JetStream and monitoring */
    public Workbench(NatsServer server, Settings settings) {
        this.server = server;
        this.settings = settings;
        this.cpu = new CpuTime(server.pid());
    }

    public Settings settings() {
        return settings;
    }

    public String url() {
        return server.url();
    }

    /** CPU time so far of this JVM and the server together. */
    public long cpuNanos() {
        return cpu.nanos();
    }

    /** A number no earlier run used, for subjects and stream names. */
    public int nextRun() {
        return ++run;
    }

    public Connection connect() throws Exception {
        return Nats.connect(new Options.Builder().server(server.url()).maxReconnects(-1).build());
    }

    public static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(what + ": " + latch.getCount() + " messages missing after " + TIMEOUT);
        }
    }

    /** Subscriptions are made in the background once connected: wait until the server routes the subject. */
    public void awaitSubscribed(String subject) throws Exception {
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

    /** A stream made for one run, on a subject of its own. */
    public record FreshStream(String name, String subject) {
    }

    /** Makes a stream named and subjected by a number no earlier run used; {@code topic} starts the subject. */
    public FreshStream freshStream(String topic) throws Exception {
        int run = nextRun();
        FreshStream stream = new FreshStream("BENCH" + run, topic + "." + run);
        createStream(stream.name(), stream.subject());
        return stream;
    }

    public void createStream(String stream, String subject) throws Exception {
        try (Connection admin = connect()) {
            admin.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream).subjects(subject)
                    .storageType(StorageType.File).build());
        }
    }

    public void deleteStream(String stream) throws Exception {
        try (Connection admin = connect()) {
            admin.jetStreamManagement().deleteStream(stream);
        }
    }

    /** Removes the stream's messages; its consumers stay. */
    public void purgeStream(String stream) throws Exception {
        try (Connection admin = connect()) {
            admin.jetStreamManagement().purgeStream(stream);
        }
    }

    /** Publishes {@code count} payloads to the subject's stream and waits for every PubAck. */
    public void fill(String subject, int count) throws Exception {
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
    }
}
