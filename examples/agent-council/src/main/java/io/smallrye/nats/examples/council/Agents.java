package io.smallrye.nats.examples.council;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.smallrye.reactive.messaging.nats.IncomingKeyValueMetadata;

/**
 * Three agents. Each answers a call for bids with its price for the task (cheap for what it is good at), and watches
 * the shared plan, so that it learns which tasks it won.
 */
@ApplicationScoped
public class Agents {

    private static final Map<String, String> SKILLS = Map.of("a", "index", "b", "summarise", "c", "draft");

    /** The plan entries each agent saw, by agent. */
    private final Map<String, List<String>> seen = new ConcurrentHashMap<>();
    /** Completed once every agent saw an entry for every task. */
    private final CompletableFuture<Void> planKnownByAll = new CompletableFuture<>();

    @Incoming("bidder-a")
    @Outgoing("bids-a")
    String bidA(String task) {
        return bid("a", task);
    }

    @Incoming("bidder-b")
    @Outgoing("bids-b")
    String bidB(String task) {
        return bid("b", task);
    }

    @Incoming("bidder-c")
    @Outgoing("bids-c")
    String bidC(String task) {
        return bid("c", task);
    }

    private static String bid(String agent, String task) {
        int price = task.startsWith(SKILLS.get(agent)) ? 4 + agent.charAt(0) % 3 : 10 + task.length() % 5;
        Transcript.say("agent " + agent, "bids " + price + " for '" + task + "'");
        return agent + ":" + price;
    }

    @Incoming("plan-a")
    CompletionStage<Void> planA(Message<String> entry) {
        return sees("a", entry);
    }

    @Incoming("plan-b")
    CompletionStage<Void> planB(Message<String> entry) {
        return sees("b", entry);
    }

    @Incoming("plan-c")
    CompletionStage<Void> planC(Message<String> entry) {
        return sees("c", entry);
    }

    private CompletionStage<Void> sees(String agent, Message<String> entry) {
        IncomingKeyValueMetadata kv = entry.getMetadata(IncomingKeyValueMetadata.class).orElseThrow();
        String line = kv.getKey() + " = " + entry.getPayload();
        seen.computeIfAbsent(agent, a -> new CopyOnWriteArrayList<>()).add(line);
        Transcript.say("agent " + agent, "sees " + line + " (revision " + kv.getRevision() + ")"
                + (entry.getPayload().endsWith("-> " + agent) ? ": that one is mine" : ""));
        if (SKILLS.keySet().stream().allMatch(a -> seenBy(a) >= Council.TASKS.size())) {
            planKnownByAll.complete(null);
        }
        return entry.ack();
    }

    /** How many plan entries each agent saw. */
    int seenBy(String agent) {
        return seen.getOrDefault(agent, List.of()).size();
    }

    /** Completes once every agent saw the whole plan (the watches are asynchronous). */
    CompletableFuture<Void> planKnownByAll() {
        return planKnownByAll;
    }
}
