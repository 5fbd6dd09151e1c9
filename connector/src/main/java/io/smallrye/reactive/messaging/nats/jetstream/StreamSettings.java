package io.smallrye.reactive.messaging.nats.jetstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.JetStreamOptions;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

/**
 * The stream of a JetStream channel, validated, and how to provision it.
 *
 * @param name null when the channel names no stream (outgoing only): the server finds it by subject
 * @param api where the JetStream API is: the domain or API prefix of the stream
 * @param creators the channels of this application that create the stream when this one does not
 * @param subjects what a provisioned stream captures, the schedule subjects of its subjects included when it
 *        allows scheduled messages
 * @param allowMessageTtl whether the provisioned stream lets messages carry a TTL of their own (server 2.11+)
 * @param allowMessageSchedules whether the provisioned stream holds scheduled messages (server 2.12+)
 * @param schedulePrefix the first token of the subjects scheduled messages wait under
 */
public record StreamSettings(String name, boolean autoCreate, List<String> subjects, StorageType storage, int replicas,
        RetentionPolicy retention, Duration maxAge, Duration duplicateWindow, JetStreamOptions api,
        List<String> creators, boolean allowMessageTtl, boolean allowMessageSchedules, String schedulePrefix) {

    /** Whether the existing stream lacks what this channel provisions: subjects, per-message TTL or schedules. */
    boolean lacks(StreamConfiguration existing) {
        return !existing.getSubjects().containsAll(subjects) || allowMessageTtl && !existing.isAllowMessageTtl()
                || allowMessageSchedules && !existing.getAllowMsgSchedules();
    }

    /** The configuration of a new stream, or the existing one with the subjects and permissions it lacks. */
    StreamConfiguration configuration(StreamConfiguration existing) {
        if (existing != null) {
            List<String> merged = new ArrayList<>(existing.getSubjects());
            subjects.stream().filter(s -> !merged.contains(s)).forEach(merged::add);
            return StreamConfiguration.builder(existing).subjects(merged)
                    .allowMessageTtl(existing.isAllowMessageTtl() || allowMessageTtl)
                    .allowMessageSchedules(existing.getAllowMsgSchedules() || allowMessageSchedules).build();
        }
        StreamConfiguration.Builder builder = StreamConfiguration.builder().name(name).subjects(subjects)
                .storageType(storage).replicas(replicas).retentionPolicy(retention)
                .allowMessageTtl(allowMessageTtl).allowMessageSchedules(allowMessageSchedules);
        if (maxAge != null) {
            builder.maxAge(maxAge);
        }
        if (duplicateWindow != null) {
            builder.duplicateWindow(duplicateWindow);
        }
        return builder.build();
    }

    /**
     * Where a scheduled message for {@code target} waits: one subject per message, since the stream keeps one
     * schedule per subject.
     */
    public String scheduleSubject(String target, String uniqueId) {
        return schedulePrefix + "." + target + "." + uniqueId;
    }

    /** The schedule subjects a stream capturing {@code subject} also captures to hold its scheduled messages. */
    public static String schedulesOf(String schedulePrefix, String subject) {
        return schedulePrefix + "." + subject + (subject.endsWith(">") ? "" : ".*");
    }
}
