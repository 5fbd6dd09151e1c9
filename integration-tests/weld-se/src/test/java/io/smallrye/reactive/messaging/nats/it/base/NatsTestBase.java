package io.smallrye.reactive.messaging.nats.it.base;

import static org.awaitility.Awaitility.await;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;

import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigProviderResolver;
import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.nats.support.NatsServer;
import io.smallrye.reactive.messaging.nats.support.OwnedServers;
import io.smallrye.reactive.messaging.nats.support.SharedNatsServer;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;

/**
 * Boots SmallRye Reactive Messaging on Weld SE the way an application does (bean archives discovered from the
 * classpath, so the connector's own beans.xml is exercised), with the given configuration and test beans, against a
 * real nats-server.
 */
@ExtendWith(SharedNatsServer.class)
public abstract class NatsTestBase {

    /** The servers and clusters this test starts itself, killed after it. */
    @RegisterExtension
    protected final OwnedServers servers = new OwnedServers();

    protected NatsServer server;
    protected String prefix;
    private SeContainer container;
    private SmallRyeConfig config;
    private Connection client;

    @BeforeEach
    protected void init(NatsServer shared, TestInfo info) {
        server = shared;
        // Subjects unique per test, so tests on the shared server never see each other's messages.
        prefix = info.getTestMethod().map(m -> m.getName()).orElse("t") + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    protected void stopApplication() throws InterruptedException {
        stopContainer();
        if (client != null) {
            client.close();
        }
    }

    protected void stopContainer() {
        if (container != null) {
            container.close();
            container = null;
        }
        if (config != null) {
            ConfigProviderResolver.instance().releaseConfig(config);
            config = null;
        }
    }

    /** Channel properties for {@code mp.messaging.<direction>.<channel>.*}, connector and URL already set. */
    protected Map<String, String> incoming(Map<String, String> props, String channel, String subject) {
        props.put("mp.messaging.incoming." + channel + ".connector", "smallrye-nats");
        props.put("mp.messaging.incoming." + channel + ".subject", subject);
        return props;
    }

    protected Map<String, String> outgoing(Map<String, String> props, String channel, String subject) {
        props.put("mp.messaging.outgoing." + channel + ".connector", "smallrye-nats");
        if (subject != null) {
            props.put("mp.messaging.outgoing." + channel + ".subject", subject);
        }
        return props;
    }

    protected Map<String, String> config() {
        Map<String, String> props = new HashMap<>();
        props.put("mp.messaging.connector.smallrye-nats.url", server.url());
        return props;
    }

    protected SeContainer start(Map<String, String> properties, Class<?>... beans) {
        config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 500))
                .addDefaultInterceptors().build();
        SmallRyeConfigProviderResolver.instance().registerConfig(config, Thread.currentThread().getContextClassLoader());
        try {
            container = SeContainerInitializer.newInstance().addBeanClasses(beans)
                    .addBeanClasses(ObjectMapperProducer.class).initialize();
        } catch (RuntimeException e) {
            ConfigProviderResolver.instance().releaseConfig(config);
            config = null;
            throw e;
        }
        return container;
    }

    /** Deployment must fail, and the messages of the failure's causes must contain every expected part. */
    protected void assertDeploymentFails(Map<String, String> properties, Class<?> bean, String... expected) {
        Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, () -> start(properties, bean));
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append(" | ");
        }
        for (String part : expected) {
            org.junit.jupiter.api.Assertions.assertTrue(messages.toString().contains(part),
                    "expected '" + part + "' in: " + messages);
        }
    }

    /** Sends a message and returns what its ack or nack says: the connector's verdict on that message. */
    protected static CompletableFuture<Void> send(Emitter<String> emitter, Message<String> message) {
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        emitter.send(message.withAck(() -> {
            outcome.complete(null);
            return CompletableFuture.completedFuture(null);
        }).withNack(failure -> {
            outcome.completeExceptionally(failure);
            return CompletableFuture.completedFuture(null);
        }));
        return outcome;
    }

    protected <T> T bean(Class<T> type, Annotation... qualifiers) {
        return container.select(type, qualifiers).get();
    }

    protected HealthReport readiness() {
        return bean(HealthCenter.class).getReadiness();
    }

    protected HealthReport liveness() {
        return bean(HealthCenter.class).getLiveness();
    }

    protected static String describe(HealthReport report) {
        StringBuilder text = new StringBuilder();
        report.getChannels().forEach(c -> text.append(c.getChannel()).append('=').append(c.isOk() ? "UP" : "DOWN")
                .append(c.getMessage() == null ? "" : " (" + c.getMessage() + ")").append("; "));
        return text.toString();
    }

    /**
     * Waits until {@code count} reaches {@code target}, failing only when it stops growing for {@code stall}: a backlog
     * processed at the machine's pace takes as long as it takes, a consumer that stopped fails fast, with
     * {@code state} (e.g. the consumer's info from the server) in the message.
     */
    protected static void awaitProgressTo(int target, IntSupplier count, Duration stall, Supplier<String> state) {
        int seen = count.getAsInt();
        while (seen < target) {
            int before = seen;
            try {
                await().atMost(stall).until(() -> count.getAsInt() > before);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("stuck at " + count.getAsInt() + " of " + target + " for " + stall.toSeconds()
                        + " s; " + state.get(), e);
            }
            seen = count.getAsInt();
        }
    }

    /** An independent jnats client, to publish and observe from outside the application. */
    protected Connection client() throws Exception {
        if (client == null) {
            client = Nats.connect(new Options.Builder().server(server.url()).maxReconnects(-1)
                    .reconnectWait(Duration.ofMillis(100)).build());
        }
        return client;
    }
}
