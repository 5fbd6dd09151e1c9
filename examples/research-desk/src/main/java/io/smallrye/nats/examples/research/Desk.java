package io.smallrye.nats.examples.research;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.nats.IncomingJetStreamMetadata;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;

/**
 * The research desk's agents: a planner, two researcher replicas sharing a durable JetStream consumer, a triage
 * agent draining dead letters. Their "reasoning" is deterministic keyword matching.
 */
@ApplicationScoped
public class Desk {

    static final String QUESTION = "How should distributed agents coordinate work reliably?";
    static final List<String> TASKS = List.of("compare queue groups and durable consumers",
            "explain acknowledgements and redelivery", "flaky: measure backoff between retries",
            "summarise dead-letter handling", "poison: parse the unreadable archive");
    private static final Map<String, String> KNOWLEDGE = Map.of(
            "queue", "queue groups balance live traffic; durable consumers also keep it",
            "acknowledgements", "an unacked message comes back after ack-wait",
            "backoff", "backoff spaces the retries of a failing task",
            "dead-letter", "after max-deliver attempts a task is parked on a dead-letter stream");

    final List<String> findings = new CopyOnWriteArrayList<>();
    final List<String> triaged = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> flakyFailed = new ConcurrentHashMap<>();
    private volatile CountDownLatch done;

    @Inject
    @Channel("tasks")
    Emitter<String> tasks;

    @Inject
    @Channel("findings")
    Emitter<String> audit;

    /** Publishes every task twice, as a planner that restarted would: the stream keeps one copy of each (msg ids). */
    boolean plan(Duration timeout) throws InterruptedException {
        done = new CountDownLatch(TASKS.size());
        String correlation = "question-1";
        Transcript.say("planner", "question: " + QUESTION);
        for (int round = 1; round <= 2; round++) {
            for (int i = 0; i < TASKS.size(); i++) {
                String id = "task-" + (i + 1);
                if (round == 1) {
                    Transcript.say("planner", "publishes " + id + " '" + TASKS.get(i) + "'");
                }
                tasks.send(Envelope.message(TASKS.get(i), "task", "planner", correlation, correlation, id));
            }
        }
        Transcript.say("planner", "re-published all tasks (as after a restart); their msg ids de-duplicate them");
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Incoming("researcher-1")
    CompletionStage<Void> first(Message<String> task) {
        return research("researcher-1", task);
    }

    @Incoming("researcher-2")
    CompletionStage<Void> second(Message<String> task) {
        return research("researcher-2", task);
    }

    private CompletionStage<Void> research(String agent, Message<String> task) {
        Envelope envelope = Envelope.of(task);
        IncomingJetStreamMetadata js = task.getMetadata(IncomingJetStreamMetadata.class).orElseThrow();
        String id = task.getMetadata(IncomingNatsMetadata.class).flatMap(m -> m.getHeader("Nats-Msg-Id")).orElse("?");
        Transcript.say(agent, "takes " + id + " (delivery " + js.getDeliveredCount() + ", correlation "
                + envelope.correlationId() + ")");
        if (task.getPayload().startsWith("poison")) {
            Transcript.say(agent, "cannot read the archive of " + id + ": nak");
            return task.nack(new IllegalStateException("unreadable archive"));
        }
        if (task.getPayload().startsWith("flaky") && flakyFailed.putIfAbsent(id, true) == null) {
            Transcript.say(agent, "times out on " + id + ": nak, it comes back after the backoff");
            return task.nack(new IllegalStateException("source timed out"));
        }
        String finding = KNOWLEDGE.entrySet().stream()
                .filter(k -> task.getPayload().toLowerCase(Locale.ROOT).contains(k.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse("no source found");
        Transcript.say(agent, "finding for " + id + ": " + finding);
        audit.send(envelope.reply(id + ": " + finding, "finding", agent, "finding-" + id));
        findings.add(id);
        done.countDown();
        return task.ack();
    }

    @Incoming("triage")
    CompletionStage<Void> triage(Message<String> deadLetter) {
        IncomingNatsMetadata meta = deadLetter.getMetadata(IncomingNatsMetadata.class).orElseThrow();
        Transcript.say("triage", "dead letter '" + deadLetter.getPayload() + "' after "
                + meta.getHeader("dead-letter-delivered-count").orElse("?") + " deliveries: "
                + meta.getHeader("dead-letter-reason").orElse("?") + "; filed for a human");
        triaged.add(deadLetter.getPayload());
        done.countDown();
        return deadLetter.ack();
    }
}
