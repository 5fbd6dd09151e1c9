package io.smallrye.nats.examples.research;

import java.time.Duration;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.smallrye.nats.examples.launcher.Launcher;

/**
 * Runs the research desk end to end, then replays the audit stream in order, as a reporter reading the record of
 * what the agents found. Exits 0 when every task was either answered or triaged.
 */
public class Main {

    static final Launcher.Scenario SCENARIO = (application, timeout) -> application.select(Desk.class).get().plan(timeout)
            && report(System.getProperty("nats.url"));

    public static void main(String[] args) {
        Launcher.main("/research-logging.properties", true, Duration.ofSeconds(60), SCENARIO);
    }

    /** The reporter: reads the AUDIT stream from its first message, in order, with a plain jnats client. */
    private static boolean report(String url) throws Exception {
        try (Connection connection = Nats.connect(url)) {
            long stored = connection.jetStreamManagement().getStreamInfo("AUDIT").getStreamState().getMsgCount();
            long tasks = connection.jetStreamManagement().getStreamInfo("TASKS").getStreamState().getMsgCount();
            JetStreamSubscription replay = connection.jetStream().subscribe("desk.audit",
                    PullSubscribeOptions.builder().stream("AUDIT").build());
            List<io.nats.client.Message> entries = replay.fetch((int) stored, Duration.ofSeconds(5));
            Transcript.say("reporter", "audit log, " + entries.size() + " entries in stream order:");
            entries.forEach(m -> Transcript.say("reporter", "  #" + m.metaData().streamSequence() + " "
                    + new String(m.getData()) + " (by " + m.getHeaders().getFirst(Envelope.SOURCE) + ")"));
            Transcript.say("reporter", "work queue holds " + tasks + " unfinished tasks (the duplicates were never stored)");
            return entries.size() == Desk.TASKS.size() - 1 && tasks == 0;
        }
    }
}
