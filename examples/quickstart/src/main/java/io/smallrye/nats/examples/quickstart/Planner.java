package io.smallrye.nats.examples.quickstart;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.NatsRequestReply;

/** Publishes tasks, gathers the workers' results, and asks the reviewer about each one. */
@ApplicationScoped
public class Planner {

    static final List<String> TASKS = List.of("summarise the incident report", "draft the release notes",
            "translate the onboarding guide", "estimate the migration effort", "triage the open bugs",
            "review the api changes");

    private final Map<String, String> verdicts = new ConcurrentHashMap<>();
    private final CountDownLatch done = new CountDownLatch(TASKS.size());

    @Inject
    @Channel("tasks")
    Emitter<String> tasks;

    @Inject
    @Channel("review")
    NatsRequestReply<String, String> reviewer;

    boolean plan(Duration timeout) {
        TASKS.forEach(task -> {
            Transcript.say("planner", "publishes task '" + task + "' on agents.tasks");
            tasks.send(task);
        });
        try {
            boolean complete = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Transcript.say("planner", complete ? "all " + TASKS.size() + " tasks reviewed" : "timed out: " + verdicts);
            return complete;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Incoming("results")
    CompletionStage<Void> onResult(Message<String> result) {
        String worker = result.getMetadata(IncomingNatsMetadata.class).map(IncomingNatsMetadata::getSubject).orElse("?");
        Transcript.say("planner", "got '" + result.getPayload() + "' from " + worker + "; asking the reviewer");
        return reviewer.request(result.getPayload())
                .invoke(verdict -> {
                    Transcript.say("planner", "reviewer says: " + verdict);
                    verdicts.put(result.getPayload(), verdict);
                    done.countDown();
                })
                .chain(() -> Uni.createFrom().completionStage(result.ack()))
                .subscribeAsCompletionStage();
    }
}
