package io.smallrye.nats.examples.council;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.nats.service.InfoResponse;
import io.nats.service.StatsResponse;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.nats.NatsGathering;
import io.smallrye.reactive.messaging.nats.NatsRequestReply;
import io.smallrye.reactive.messaging.nats.OutgoingKeyValueMetadata;

/**
 * The coordinator: finds the agents through service discovery, calls for bids on each task with one scatter-gather
 * request, gives each task to the cheapest bid, and records the plan in the shared bucket, where every agent watches.
 */
@ApplicationScoped
public class Council {

    static final List<String> TASKS = List.of("index the archive", "summarise the week", "draft the reply");
    private static final List<String> AGENTS = List.of("a", "b", "c");

    @Inject
    @Channel("calls")
    NatsRequestReply<String, String> calls;

    @Inject
    @Channel("plan-writes")
    MutinyEmitter<String> plan;

    @Inject
    Agents agents;

    /** True when every agent bid on every task and saw the whole plan within the timeout. */
    public boolean convene(Duration timeout) throws Exception {
        List<InfoResponse> instances = calls.discover("bidders", Duration.ofMillis(500)).await().atMost(timeout);
        for (InfoResponse instance : instances) {
            Transcript.say("council", "found " + instance.getName() + " " + instance.getVersion() + " instance "
                    + instance.getId() + " on " + instance.getEndpoints().get(0).getSubject() + " (queue group "
                    + instance.getEndpoints().get(0).getQueueGroup() + ")");
        }
        int task = 0;
        boolean everyBid = instances.size() == AGENTS.size();
        for (String description : TASKS) {
            task++;
            List<String> bids = calls.gather(description, NatsGathering.replies().maxReplies(instances.size())
                    .maxWait(Duration.ofSeconds(2))).collect().asList().await().atMost(timeout);
            everyBid &= bids.size() == AGENTS.size();
            String winner = bids.stream().min(Comparator.comparingInt(bid -> Integer.parseInt(bid.split(":")[1])))
                    .map(bid -> bid.split(":")[0]).orElse("nobody");
            Transcript.say("council", "'" + description + "': " + bids.size() + " bids " + bids + ", goes to " + winner);
            // create: a task is given once; a second coordinator's write for it would be refused (the key has a value)
            plan.sendMessage(Message.of("'" + description + "' -> " + winner)
                    .addMetadata(OutgoingKeyValueMetadata.create("plan." + task))).await().atMost(timeout);
        }
        try {
            agents.planKnownByAll().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException notEveryone) {
            // reported below, agent by agent
        }
        for (StatsResponse stats : calls.stats("bidders", Duration.ofMillis(500)).await().atMost(timeout)) {
            Transcript.say("council", "instance " + stats.getId() + " served "
                    + stats.getEndpointStatsList().get(0).getNumRequests() + " requests, "
                    + stats.getEndpointStatsList().get(0).getNumErrors() + " errors");
        }
        boolean everyoneSaw = AGENTS.stream().allMatch(agent -> agents.seenBy(agent) == TASKS.size());
        Transcript.say("council", everyBid && everyoneSaw ? "every agent bid on every task and knows the plan"
                : "incomplete: bids " + everyBid + ", plan seen by all " + everyoneSaw);
        return everyBid && everyoneSaw;
    }
}
