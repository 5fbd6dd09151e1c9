package io.smallrye.nats.examples.review;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * Two reviewer types, two replicas each; each replica's replies go to the request's reply-to subject because its
 * outgoing channel has no subject. Their "reasoning" is deterministic rules.
 */
@ApplicationScoped
public class Reviewers {

    @Incoming("style-1")
    @Outgoing("style-1-replies")
    String style1(String draft) {
        return style("style-1", draft);
    }

    @Incoming("style-2")
    @Outgoing("style-2-replies")
    String style2(String draft) {
        return style("style-2", draft);
    }

    @Incoming("facts-1")
    @Outgoing("facts-1-replies")
    String facts1(String draft) {
        return facts("facts-1", draft);
    }

    @Incoming("facts-2")
    @Outgoing("facts-2-replies")
    String facts2(String draft) {
        return facts("facts-2", draft);
    }

    private static String style(String replica, String draft) {
        String verdict = draft.length() <= 60 ? "approve" : "reject: too long";
        Transcript.say(replica, "style review of '" + draft + "': " + verdict);
        return verdict;
    }

    private static String facts(String replica, String draft) {
        String verdict = draft.matches(".*\\d.*") ? "approve" : "reject: no figure to check";
        Transcript.say(replica, "fact check of '" + draft + "': " + verdict);
        return verdict;
    }
}
