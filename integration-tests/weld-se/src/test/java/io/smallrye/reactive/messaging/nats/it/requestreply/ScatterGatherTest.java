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
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.NatsGathering;
import io.smallrye.reactive.messaging.nats.NatsRequestReply;
import io.smallrye.reactive.messaging.nats.it.base.NatsTestBase;
import io.smallrye.reactive.messaging.nats.support.NatsServer;

class ScatterGatherTest extends NatsTestBase {

    /** Three agents that each bid on every call for bids: three channels on one subject, outside a queue group. */
    @ApplicationScoped
    public static class Bidders {
        @Incoming("bidder-a")
        @Outgoing("bids-a")
        String a(String call) {
            return "a bids on " + call;
        }

        @Incoming("bidder-b")
        @Outgoing("bids-b")
        String b(String call) {
            return "b bids on " + call;
        }

        @Incoming("bidder-c")
        @Outgoing("bids-c")
        String c(String call) {
            return "c bids on " + call;
        }
    }

    @ApplicationScoped
    public static class Coordinator {
        @Inject
        @Channel("calls")
        NatsRequestReply<String, String> calls;

        NatsRequestReply<String, String> calls() {
            return calls;
        }
    }

    private Map<String, String> config(String subject) {
        Map<String, String> config = config();
        for (String bidder : List.of("a", "b", "c")) {
            incoming(config, "bidder-" + bidder, prefix + ".bids");
            outgoing(config, "bids-" + bidder, null);
        }
        outgoing(config, "calls", subject);
        config.put("mp.messaging.outgoing.calls.request-timeout", "10s");
        return config;
    }

    private NatsRequestReply<String, String> start(String subject) {
        start(config(subject), Bidders.class, Coordinator.class);
        await().until(() -> readiness().isOk());
        return bean(Coordinator.class).calls();
    }

    @Test
    void everyReplicaAnswersAndTheGatheringEndsAtTheMaximumCount() {
        NatsRequestReply<String, String> calls = start(prefix + ".bids");
        long begin = System.nanoTime();
        List<Message<String>> bids = calls.gather(Message.of("plan-1"), NatsGathering.replies().maxReplies(3))
                .collect().asList().await().atMost(Duration.ofSeconds(10));
        long took = Duration.ofNanos(System.nanoTime() - begin).toMillis();

        assertEquals(Set.of("a bids on plan-1", "b bids on plan-1", "c bids on plan-1"),
                bids.stream().map(Message::getPayload).collect(Collectors.toSet()));
        assertTrue(took < 5_000, "ended at the third reply, not at the 10 s request-timeout: " + took + " ms");
        String inbox = bids.get(0).getMetadata(IncomingNatsMetadata.class).orElseThrow().getSubject();
        assertTrue(inbox.startsWith("_INBOX."), inbox);
        assertTrue(bids.stream().allMatch(bid -> inbox.equals(
                bid.getMetadata(IncomingNatsMetadata.class).orElseThrow().getSubject())), "one inbox per request");

        // A second call gets an inbox of its own, and again every bid.
        assertEquals(3, calls.gather("plan-2", NatsGathering.replies().maxReplies(3)).collect().asList()
                .await().atMost(Duration.ofSeconds(10)).size());
    }

    @Test
    void withoutACountEveryReplyComesUntilTheTotalWait() {
        NatsRequestReply<String, String> calls = start(prefix + ".bids");
        long begin = System.nanoTime();
        List<String> bids = calls.gather("plan", NatsGathering.replies().maxWait(Duration.ofMillis(800)))
                .collect().asList().await().atMost(Duration.ofSeconds(10));
        long took = Duration.ofNanos(System.nanoTime() - begin).toMillis();
        assertEquals(3, bids.size(), bids.toString());
        assertTrue(took >= 790 && took < 5_000, "ended at the total wait: " + took + " ms");
    }

    @Test
    void noRespondersIsAnEmptyResultAtOnce() {
        NatsRequestReply<String, String> calls = start(prefix + ".nobody");
        long begin = System.nanoTime();
        List<String> bids = calls.gather("plan", NatsGathering.replies()).collect().asList()
                .await().atMost(Duration.ofSeconds(10));
        long took = Duration.ofNanos(System.nanoTime() - begin).toMillis();
        assertEquals(List.of(), bids);
        assertTrue(took < 2_000, "the server's no-responders ends it, not the 10 s request-timeout: " + took + " ms");
    }

    @Test
    void aGatheringWhileDisconnectedFailsAtOnce() {
        try (NatsServer own = NatsServer.builder().start()) {
            Map<String, String> config = config(prefix + ".bids");
            config.put("mp.messaging.connector.smallrye-nats.url", own.url());
            start(config, Bidders.class, Coordinator.class);
            await().until(() -> readiness().isOk());
            own.stop();
            await().until(() -> !readiness().isOk());
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> bean(Coordinator.class).calls().gather("plan", NatsGathering.replies()).collect().asList()
                            .await().atMost(Duration.ofSeconds(5)));
            assertTrue(String.valueOf(failure.getMessage()).contains("SRNATS01012"), String.valueOf(failure));
            stopContainer();
        }
    }

    @Test
    void aGapAfterTheLastReplyEndsTheGatheringButNotTheWaitForTheFirst() throws Exception {
        // Slow agents: the first answers after 600 ms, the second 100 ms later, the third 3 s after the request.
        Connection agents = client();
        answerAfter(agents, "first", 600);
        answerAfter(agents, "second", 700);
        answerAfter(agents, "late", 3_000);
        agents.flush(Duration.ofSeconds(2));
        NatsRequestReply<String, String> calls = start(prefix + ".slow");

        long begin = System.nanoTime();
        List<String> bids = calls.gather("plan", NatsGathering.replies().maxGap(Duration.ofMillis(400)))
                .collect().asList().await().atMost(Duration.ofSeconds(15));
        long took = Duration.ofNanos(System.nanoTime() - begin).toMillis();
        assertEquals(List.of("first", "second"), bids, "the 400 ms gap does not apply before the first reply");
        assertTrue(took >= 1_090 && took < 2_900, "ended 400 ms after the second reply: " + took + " ms");
    }

    @Test
    void cancellingStopsTheGatheringAndUnsubscribesItsInbox() throws Exception {
        try (Connection agents = Nats.connect(new Options.Builder().server(server.url()).reportNoResponders().build())) {
            answerAfter(agents, "first", 0);
            // The second agent answers 300 ms later, as a request of its own: once the inbox has no subscriber, the
            // server tells it at once that nobody listens; while one does, its request times out.
            CompletableFuture<Throwable> secondAnswer = new CompletableFuture<>();
            agents.createDispatcher(request -> CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(
                    () -> agents.requestWithTimeout(request.getReplyTo(), "second".getBytes(StandardCharsets.UTF_8),
                            Duration.ofSeconds(3)).whenComplete((reply, failure) -> secondAnswer.complete(failure))))
                    .subscribe(prefix + ".slow");
            agents.flush(Duration.ofSeconds(2));
            NatsRequestReply<String, String> calls = start(prefix + ".slow");

            assertEquals("first", calls.gather("plan", NatsGathering.replies()).toUni().await().atMost(Duration.ofSeconds(10)));
            Throwable failure = secondAnswer.get(10, TimeUnit.SECONDS);
            assertTrue(failure instanceof JetStreamStatusException status && status.getStatus().isNoResponders(),
                    "the inbox was unsubscribed when the requester took the first reply and cancelled: " + failure);
        }
    }

    /** A raw jnats agent that answers each request on the subject after a delay. */
    private void answerAfter(Connection agents, String answer, long delayMillis) {
        agents.createDispatcher(request -> CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS)
                .execute(() -> {
                    try {
                        agents.publish(request.getReplyTo(), answer.getBytes(StandardCharsets.UTF_8));
                    } catch (IllegalStateException closed) {
                        // a late answer outlived its test, which closed the agents' connection; the exception would
                        // reach Awaitility in whatever test runs then, and fail it
                    }
                }))
                .subscribe(prefix + ".slow");
    }
}
