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
 * @param allowMessageTtl whether the provisioned stream lets messages carry a TTL of their own (server 2.11+)
 */
public record StreamSettings(String name, boolean autoCreate, List<String> subjects, StorageType storage, int replicas,
        RetentionPolicy retention, Duration maxAge, Duration duplicateWindow, JetStreamOptions api,
        List<String> creators, boolean allowMessageTtl) {

    /** Whether the existing stream lacks what this channel provisions: subjects, or per-message TTL. */
    boolean lacks(StreamConfiguration existing) {
        return !existing.getSubjects().containsAll(subjects) || allowMessageTtl && !existing.isAllowMessageTtl();
    }

    /** The configuration of a new stream, or the existing one with the subjects (and the TTL permission) it lacks. */
    StreamConfiguration configuration(StreamConfiguration existing) {
        if (existing != null) {
            List<String> merged = new ArrayList<>(existing.getSubjects());
            subjects.stream().filter(s -> !merged.contains(s)).forEach(merged::add);
            return StreamConfiguration.builder(existing).subjects(merged)
                    .allowMessageTtl(existing.isAllowMessageTtl() || allowMessageTtl).build();
        }
        StreamConfiguration.Builder builder = StreamConfiguration.builder().name(name).subjects(subjects)
                .storageType(storage).replicas(replicas).retentionPolicy(retention);
        if (allowMessageTtl) {
            builder.allowMessageTtl();
        }
        if (maxAge != null) {
            builder.maxAge(maxAge);
        }
        if (duplicateWindow != null) {
            builder.duplicateWindow(duplicateWindow);
        }
        return builder.build();
    }
}
