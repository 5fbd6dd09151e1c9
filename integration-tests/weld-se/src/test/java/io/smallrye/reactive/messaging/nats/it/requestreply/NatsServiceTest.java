package io.smallrye.reactive.messaging.nats.it.requestreply;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.junit.jupiter.api.Test;

import io.nats.client.Message;
import io.nats.service.Discovery;
import io.nats.service.EndpointStats;
import io.nats.service.InfoResponse;
import io.nats.service.ServiceMessage;
import io.nats.service.StatsResponse;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.nats.NatsRequestReply;
import io.smallrye.reactive.messaging.nats.NatsServiceException;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;

class NatsServiceTest extends NatsTestBase {

    /** Two replicas of one pricing agent, each registered as an instance of the service "pricing". */
    @ApplicationScoped
    public static class PricingA {
        /** Completed while a "slow" item is being priced. */
        static volatile CompletableFuture<Void> slowStarted = new CompletableFuture<>();

        @Incoming("pricing-a")
        @Outgoing("prices-a")
        Uni<String> price(String item) {
            if (item.equals("slow")) {
                slowStarted.complete(null);
                return Uni.createFrom().item(() -> priceOf(item)).onItem().delayIt().by(Duration.ofMillis(1_500));
            }
            return Uni.createFrom().item(() -> priceOf(item));
        }

        static String priceOf(String item) {
            if (item.equals("unobtainium")) {
                throw new IllegalArgumentException("no price for " + item);
            }
            return item + ": " + item.length() + " EUR";
        }
    }

    @ApplicationScoped
    public static class PricingB {
        @Incoming("pricing-b")
        @Outgoing("prices-b")
        String price(String item) {
            return PricingA.priceOf(item);
        }
    }

    @ApplicationScoped
    public static class Buyer {
        @Inject
        @Channel("ask")
        NatsRequestReply<String, String> ask;

        NatsRequestReply<String, String> ask() {
            return ask;
        }
    }

    private Map<String, String> config(List<String> replicas) {
        Map<String, String> config = config();
        for (String replica : replicas) {
            incoming(config, "pricing-" + replica, prefix + ".prices");
            config.put("mp.messaging.incoming.pricing-" + replica + ".service-name", "pricing");
            config.put("mp.messaging.incoming.pricing-" + replica + ".service-version", "1.2.3");
            config.put("mp.messaging.incoming.pricing-" + replica + ".service-description", "Prices items");
            config.put("mp.messaging.incoming.pricing-" + replica + ".service-endpoint", "price");
            outgoing(config, "prices-" + replica, null);
        }
        outgoing(config, "ask", prefix + ".prices");
        return config;
    }

    private NatsRequestReply<String, String> start(List<String> replicas) {
        Map<String, String> config = config(replicas);
        if (replicas.size() == 1) {
            start(config, PricingA.class, Buyer.class);
        } else {
            start(config, PricingA.class, PricingB.class, Buyer.class);
        }
        await().until(() -> readiness().isOk());
        return bean(Buyer.class).ask();
    }

    private static String request(NatsRequestReply<String, String> ask, String item) {
        return ask.request(item).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void aReplierIsADiscoverableServiceWithRealFiguresAndErrors() throws Exception {
        NatsRequestReply<String, String> ask = start(List.of("a", "b"));

        assertEquals("apple: 5 EUR", request(ask, "apple"));
        NatsServiceException failed = assertThrows(NatsServiceException.class, () -> request(ask, "unobtainium"));
        assertEquals(500, failed.getCode());
        assertEquals("no price for unobtainium", failed.getDescription());
        assertTrue(failed.getMessage().contains("SRNATS01014") && failed.getMessage().contains("channel 'ask'"),
                failed.getMessage());
        assertEquals("pear: 4 EUR", request(ask, "pear"), "the endpoint serves on after a failure");
        assertTrue(liveness().isOk(), describe(liveness()));

        // From outside, with jnats' own discovery: two instances, the endpoint's subject and queue group.
        Discovery discovery = new Discovery(client(), 1_000, 10);
        List<InfoResponse> instances = discovery.info("pricing");
        assertEquals(2, instances.size(), instances.toString());
        for (InfoResponse instance : instances) {
            assertEquals("1.2.3", instance.getVersion());
            assertEquals("Prices items", instance.getDescription());
            assertEquals(1, instance.getEndpoints().size());
            assertEquals("price", instance.getEndpoints().get(0).getName());
            assertEquals(prefix + ".prices", instance.getEndpoints().get(0).getSubject());
            assertEquals("q", instance.getEndpoints().get(0).getQueueGroup());
        }
        assertEquals(2, discovery.ping("pricing").size());

        // The figures are the real ones: every request counted once, the failure as an error, time spent.
        List<EndpointStats> endpoints = discovery.stats("pricing").stream().map(s -> s.getEndpointStatsList().get(0))
                .collect(Collectors.toList());
        assertEquals(3, endpoints.stream().mapToLong(EndpointStats::getNumRequests).sum(), endpoints.toString());
        assertEquals(1, endpoints.stream().mapToLong(EndpointStats::getNumErrors).sum(), endpoints.toString());
        assertTrue(endpoints.stream().anyMatch(e -> "no price for unobtainium".equals(e.getLastError())), endpoints.toString());
        assertTrue(endpoints.stream().mapToLong(EndpointStats::getProcessingTime).sum() > 0, endpoints.toString());
    }

    @Test
    void replicasShareTheRequestsAndTheApplicationDiscoversThem() throws Exception {
        NatsRequestReply<String, String> ask = start(List.of("a", "b"));
        for (int i = 0; i < 40; i++) {
            assertEquals("item" + i + ": " + ("item" + i).length() + " EUR", request(ask, "item" + i));
        }

        List<InfoResponse> instances = ask.discover("pricing", Duration.ofMillis(500)).await().atMost(Duration.ofSeconds(5));
        assertEquals(2, instances.stream().map(InfoResponse::getId).collect(Collectors.toSet()).size(), instances.toString());
        List<StatsResponse> stats = ask.stats("pricing", Duration.ofMillis(500)).await().atMost(Duration.ofSeconds(5));
        List<Long> served = stats.stream().map(s -> s.getEndpointStatsList().get(0).getNumRequests())
                .collect(Collectors.toList());
        assertEquals(40, served.stream().mapToLong(Long::longValue).sum(), served.toString());
        assertTrue(served.stream().allMatch(count -> count > 0), "the queue group shares the requests: " + served);
        assertEquals(List.of(), ask.discover("nobody", Duration.ofMillis(200)).await().atMost(Duration.ofSeconds(5)));
    }

    @Test
    void aRawRequesterSeesTheServiceErrorHeaders() throws Exception {
        start(List.of("a"));
        Message reply = client().request(prefix + ".prices", "unobtainium".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(10));
        assertEquals("500", reply.getHeaders().getFirst(ServiceMessage.NATS_SERVICE_ERROR_CODE));
        assertEquals("no price for unobtainium", reply.getHeaders().getFirst(ServiceMessage.NATS_SERVICE_ERROR));
        assertEquals(Set.of("pricing"), new Discovery(client(), 500, 10).info().stream().map(InfoResponse::getName)
                .filter("pricing"::equals).collect(Collectors.toSet()));
    }

    @Test
    void theServiceAnswersDiscoveryWhileARequestIsInProcess() throws Exception {
        PricingA.slowStarted = new CompletableFuture<>();
        NatsRequestReply<String, String> ask = start(List.of("a"));
        CompletableFuture<String> slow = ask.request("slow").subscribeAsCompletionStage();
        PricingA.slowStarted.get(10, TimeUnit.SECONDS);

        assertEquals(1, new Discovery(client(), 500, 10).ping("pricing").size(),
                "the endpoint's handler waits for the slow request; jnats answers discovery on a dispatcher of its own");
        assertTrue(!slow.isDone(), "still in process while discovered");
        assertEquals("slow: 4 EUR", slow.get(10, TimeUnit.SECONDS));
    }

    @Test
    void serviceAttributesAreChecked() {
        Map<String, String> badVersion = config(List.of("a"));
        badVersion.put("mp.messaging.incoming.pricing-a.service-version", "latest");
        assertDeploymentFails(badVersion, PricingA.class, "`service-version`", "channel 'pricing-a'", "semantic version");

        Map<String, String> badName = config(List.of("b"));
        badName.put("mp.messaging.incoming.pricing-b.service-name", "pricing service");
        assertDeploymentFails(badName, PricingB.class, "`service-name`", "channel 'pricing-b'");
    }
}
