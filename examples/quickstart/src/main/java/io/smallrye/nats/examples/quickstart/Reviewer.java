package io.smallrye.nats.examples.quickstart;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/** Answers review requests; the reply goes to each request's reply-to subject, since "review-replies" has no subject. */
@ApplicationScoped
public class Reviewer {

    @Incoming("review-requests")
    @Outgoing("review-replies")
    String review(String result) {
        // Deterministic "reasoning": results that mention a concrete artefact are approved.
        boolean concrete = result.matches(".*(report|notes|guide|bugs|api).*");
        String verdict = (concrete ? "approved" : "needs detail") + " (" + result + ")";
        Transcript.say("reviewer", verdict);
        return verdict;
    }
}
