package io.smallrye.nats.examples.review;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.NatsNoRespondersException;
import io.smallrye.reactive.messaging.nats.NatsRequestReply;
import io.smallrye.reactive.messaging.nats.OutgoingNatsMetadata;

/** Fans each draft out to every reviewer type, decides, and broadcasts the verdict; the archivist records them. */
@ApplicationScoped
public class Coordinator {

    static final List<String> DRAFTS = List.of("Q3 revenue grew 12 percent", "Our product is the best in the world",
            "Latency fell from 9 ms to 4 ms after the cache change, measured over two weeks of production traffic");

    final Map<String, String> archived = new ConcurrentHashMap<>();
    private final CountDownLatch done = new CountDownLatch(DRAFTS.size());

    @Inject
    @Channel("ask-style")
    NatsRequestReply<String, String> style;

    @Inject
    @Channel("ask-facts")
    NatsRequestReply<String, String> facts;

    @Inject
    @Channel("ask-legal")
    NatsRequestReply<String, String> legal;

    @Inject
    @Channel("verdicts")
    Emitter<String> verdicts;

    boolean review(Duration timeout) throws InterruptedException {
        for (int i = 0; i < DRAFTS.size(); i++) {
            String draft = DRAFTS.get(i);
            String id = "draft-" + (i + 1);
            Transcript.say("coordinator", "fans out " + id + " '" + draft + "' to style, facts and legal");
            List<String> opinions = Uni.join().all(ask(style, draft), ask(facts, draft), ask(legal, draft)).andFailFast()
                    .await().atMost(timeout);
            boolean rejected = opinions.stream().anyMatch(o -> o.startsWith("reject"));
            String verdict = (rejected ? "rejected " : "accepted ") + opinions;
            verdicts.send(Message.of(verdict)
                    .addMetadata(OutgoingNatsMetadata.builder().withSubject("board.verdict." + id).build()));
        }
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** No reviewer of that type on duty, or none answering in time, is an opinion too, not a failure of the board. */
    private static Uni<String> ask(NatsRequestReply<String, String> reviewers, String draft) {
        return reviewers.request(draft).onFailure(NatsNoRespondersException.class).recoverWithItem("abstain: nobody on duty")
                .onFailure(TimeoutException.class).recoverWithItem("abstain: no answer in time");
    }

    @Incoming("archive")
    java.util.concurrent.CompletionStage<Void> archive(Message<String> verdict) {
        String subject = verdict.getMetadata(IncomingNatsMetadata.class).map(IncomingNatsMetadata::getSubject).orElse("?");
        Transcript.say("archivist", subject + ": " + verdict.getPayload());
        archived.put(subject, verdict.getPayload());
        done.countDown();
        return verdict.ack();
    }
}
