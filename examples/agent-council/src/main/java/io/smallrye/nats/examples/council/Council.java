package io.smallrye.nats.examples.council;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.ServerInfo;
import io.nats.service.InfoResponse;
import io.nats.service.StatsResponse;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.nats.NatsGathering;
import io.smallrye.reactive.messaging.nats.NatsRequestReply;
import io.smallrye.reactive.messaging.nats.OutgoingKeyValueMetadata;

/**
 * The coordinator: finds the agents through service discovery, calls for bids on each task with one scatter-gather
 * request, gives each task to the cheapest bid, and records the plan in the shared bucket, where every agent watches.
 * Then it hands the planned tasks to two worker replicas, one active and one standby, and kills the active one.
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

    @Inject
    @Channel("work")
    MutinyEmitter<String> work;

    /** The workers' reports, "worker:task". */
    private final BlockingQueue<String> reports = new LinkedBlockingQueue<>();

    @Incoming("done")
    void done(String report) {
        reports.add(report);
    }

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
        return everyBid && everyoneSaw && handOver(timeout);
    }

    /**
     * Two worker processes on one durable consumer with a pinned priority group: the first one started gets every
     * task, the second stands by; once the first is killed, the second gets the rest. True when each task was done by
     * the worker the group gave it to; on a server older than 2.11 (no priority groups), it says so and skips.
     */
    private boolean handOver(Duration timeout) throws Exception {
        ServerInfo server = server();
        if (server.isOlderThanVersion("2.11.0")) {
            Transcript.say("council", "the worker hand-over needs nats-server 2.11+ (priority groups), this one is "
                    + server.getVersion() + ": skipped");
            return true;
        }
        try (WorkerProcesses workers = new WorkerProcesses()) {
            workers.start("worker-1", timeout);
            boolean handedOver = assign(TASKS.subList(0, 1), "worker-1", timeout); // alone: it is pinned
            workers.start("worker-2", timeout);
            handedOver &= assign(TASKS.subList(1, TASKS.size()), "worker-1", timeout);
            Transcript.say("council", "kills worker-1 (SIGKILL)");
            long killedAt = System.nanoTime();
            workers.kill("worker-1");
            List<String> followUps = TASKS.stream().map(task -> "check: " + task).toList();
            handedOver &= assign(followUps.subList(0, 1), "worker-2", timeout);
            Transcript.say("council", "worker-2 took over " + Duration.ofNanos(System.nanoTime() - killedAt).toMillis()
                    + " ms after worker-1 was killed");
            handedOver &= assign(followUps.subList(1, followUps.size()), "worker-2", timeout);
            Transcript.say("council", handedOver ? "the standby did every task after the active worker died"
                    : "incomplete: a task went to the wrong worker, or to none");
            return handedOver;
        }
    }

    /** Sends the tasks one by one, each once its predecessor was reported; true when {@code worker} did them all. */
    private boolean assign(List<String> tasks, String worker, Duration timeout) throws InterruptedException {
        boolean all = true;
        for (String task : tasks) {
            work.sendAndAwait(task);
            String report = reports.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Transcript.say("council", report == null ? "nobody did '" + task + "'" : report.replaceFirst(":", " did '") + "'");
            all &= (worker + ":" + task).equals(report);
        }
        return all;
    }

    /** Asked once with a plain jnats connection: channels do not show the server they talk to. */
    private static ServerInfo server() throws Exception {
        try (Connection connection = Nats.connect(System.getProperty("nats.url"))) {
            return connection.getServerInfo();
        }
    }
}
