package io.smallrye.reactive.messaging.nats.it.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.core.ConditionTimeoutException;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;

/**
 * What every runtime test checks of the deployed {@code Shop}, from outside: an independent jnats client publishes
 * orders and makes requests, and the runtime's own health endpoint must show the connector's channels. Each runtime
 * test boots its runtime with the application connected to {@code natsUrl}, then calls these steps in order.
 */
public final class RuntimeScenario implements AutoCloseable {

    /** Generous: on a busy 2-core machine a runtime may still be wiring its channels when its endpoint answers. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> CHANNELS = List.of("orders", "confirmations", "quote-requests", "quotes",
            "bulk-orders", "bulk-receipts");
    /** W3C trace context: version 00, trace id, parent (span) id, flags. */
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private final Connection client;
    private final URI readiness;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param natsUrl the server the application is connected to
     * @param readinessUrl the runtime's MicroProfile Health readiness endpoint, e.g. http://localhost:8080/health/ready
     */
    public RuntimeScenario(String natsUrl, String readinessUrl) {
        this.readiness = URI.create(readinessUrl);
        try {
            this.client = Nats.connect(new Options.Builder().server(natsUrl).connectionName("runtime-scenario").build());
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to " + natsUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The runtime's readiness endpoint answers UP with a check, UP, naming every channel of the application: the
     * connector's own {@code smallrye-nats} check (Helidon MP, Open Liberty) or SmallRye's messaging check (Quarkus,
     * with the extension). Each channel is listed by one check only. Readiness also means subscribed, so the
     * messaging steps can start right after.
     */
    public void readinessShowsTheChannels() {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        try {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
                HttpResponse<String> response = readiness();
                last.set(response);
                return response.statusCode() == 200 && aCheckIsUpWithEveryChannel(response.body());
            });
        } catch (ConditionTimeoutException e) {
            HttpResponse<String> answer = last.get();
            throw new AssertionError("no check UP with the channels " + CHANNELS + " at " + readiness + " within "
                    + PATIENCE.toSeconds() + " s; last answer: "
                    + (answer == null ? "none" : answer.statusCode() + " " + answer.body()), e);
        }
        List<JsonValue> checks = JsonParser.parseUnchecked(last.get().body()).map.get("checks").array;
        for (String channel : CHANNELS) {
            List<String> listing = checks.stream()
                    .filter(check -> check.map.containsKey("data") && check.map.get("data").map.containsKey(channel))
                    .map(check -> check.map.get("name").string).toList();
            assertEquals(1, listing.size(), "channel " + channel + " listed by the checks " + listing);
        }
    }

    private static boolean aCheckIsUpWithEveryChannel(String body) {
        JsonValue checks = JsonParser.parseUnchecked(body).map.get("checks");
        return checks != null && checks.array.stream()
                .anyMatch(check -> "UP".equals(check.map.get("status").string) && check.map.containsKey("data")
                        && check.map.get("data").map.keySet().containsAll(CHANNELS));
    }

    /** Core publish/subscribe: each order published on shop.orders comes back confirmed on shop.confirmations. */
    public void ordersAreConfirmed() {
        Set<String> confirmations = ConcurrentHashMap.newKeySet();
        Dispatcher dispatcher = client.createDispatcher(
                message -> confirmations.add(new String(message.getData(), StandardCharsets.UTF_8)));
        dispatcher.subscribe("shop.confirmations");
        try {
            flush();
            List<String> orders = IntStream.rangeClosed(1, 20).mapToObj(i -> "order-" + i).toList();
            orders.forEach(order -> client.publish("shop.orders", order.getBytes(StandardCharsets.UTF_8)));
            Set<String> expected = orders.stream().map(order -> "confirmed " + order).collect(Collectors.toSet());
            await("confirmations of 20 orders").atMost(PATIENCE).until(() -> confirmations.containsAll(expected));
            assertEquals(expected, confirmations);
        } finally {
            client.closeDispatcher(dispatcher);
        }
    }

    /**
     * Batches: 50 orders published at once on shop.bulk-orders reach the application as lists of Strings (batch=true
     * and payload-type); its receipts, one per batch, name every order once, in order.
     */
    public void bulkOrdersArriveInBatches() {
        List<String> receipts = new CopyOnWriteArrayList<>();
        Dispatcher dispatcher = client.createDispatcher(
                message -> receipts.add(new String(message.getData(), StandardCharsets.UTF_8)));
        dispatcher.subscribe("shop.bulk-receipts");
        try {
            flush();
            List<String> orders = IntStream.rangeClosed(1, 50).mapToObj(i -> "bulk-" + i).toList();
            orders.forEach(order -> client.publish("shop.bulk-orders", order.getBytes(StandardCharsets.UTF_8)));
            await("receipts of 50 bulk orders").atMost(PATIENCE).until(() -> receipted(receipts).size() >= orders.size());
            assertEquals(orders, receipted(receipts), "receipts " + receipts);
        } finally {
            client.closeDispatcher(dispatcher);
        }
    }

    private static List<String> receipted(List<String> receipts) {
        return receipts.stream().flatMap(receipt -> List.of(receipt.split(",")).stream()).toList();
    }

    /** Request/reply: a request on shop.quotes is answered on its reply-to subject by the application's queue group. */
    public void quotesAnswerRequests() {
        for (String item : List.of("widget", "gadget", "gizmo")) {
            Message reply;
            try {
                reply = client.requestWithTimeout("shop.quotes", item.getBytes(StandardCharsets.UTF_8),
                        Duration.ofSeconds(10)).get();
            } catch (Exception e) {
                throw new AssertionError("no reply to the quote request for " + item, e);
            }
            assertEquals("quote for " + item + ": 42.00", new String(reply.getData(), StandardCharsets.UTF_8));
        }
    }

    /**
     * Tracing crosses the application: an order carrying a W3C {@code traceparent} comes back confirmed with a
     * {@code traceparent} of the same trace and another span, still sampled (the connector's consumer span continues
     * the order's trace, the application's method passes its context on, the producer span writes it into the
     * confirmation). Only for runtimes that give applications OpenTelemetry and SmallRye's tracing metadata.
     */
    public void tracesContinueThroughTheApplication() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String spanId = "%016x".formatted(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        String order = "traced-order-" + UUID.randomUUID();
        Subscription confirmations = client.subscribe("shop.confirmations");
        try {
            flush();
            client.publish(NatsMessage.builder().subject("shop.orders")
                    .headers(new Headers().put("traceparent", "00-" + traceId + "-" + spanId + "-01"))
                    .data(order, StandardCharsets.UTF_8).build());
            Message confirmation = confirmationOf(order, confirmations);
            Headers headers = confirmation.getHeaders();
            String received = headers == null ? "no headers" : "headers " + headers.toMap();
            String traceparent = headers == null ? null : headers.getFirst("traceparent");
            Matcher parsed = TRACEPARENT.matcher(String.valueOf(traceparent));
            assertTrue(parsed.matches(), "the confirmation of an order sent with trace " + traceId
                    + " has no W3C traceparent; " + received);
            assertEquals(traceId, parsed.group(1), "the confirmation is not in the order's trace; " + received);
            assertNotEquals(spanId, parsed.group(2),
                    "the confirmation's parent span is the order's own: no span was created; " + received);
            assertEquals(1, Integer.parseInt(parsed.group(3), 16) & 1,
                    "the order was sampled, its confirmation is not; " + received);
        } finally {
            confirmations.unsubscribe();
        }
    }

    private Message confirmationOf(String order, Subscription confirmations) {
        String expected = "confirmed " + order;
        Instant deadline = Instant.now().plus(PATIENCE);
        try {
            // Short waits, so that the deadline holds (jnats reads a zero timeout as "wait forever").
            while (Instant.now().isBefore(deadline)) {
                Message message = confirmations.nextMessage(Duration.ofMillis(250));
                if (message != null && expected.equals(new String(message.getData(), StandardCharsets.UTF_8))) {
                    return message;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no confirmation of " + order + " on shop.confirmations within "
                + PATIENCE.toSeconds() + " s");
    }

    private HttpResponse<String> readiness() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void flush() {
        try {
            client.flush(Duration.ofSeconds(5));
        } catch (TimeoutException | InterruptedException e) {
            throw new IllegalStateException("the scenario's client cannot reach the server", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        client.close();
    }
}
