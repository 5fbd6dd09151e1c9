package io.smallrye.reactive.messaging.nats.jetstream;

import java.io.IOException;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamInfo;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;

/** The JetStream management calls of a channel: checking, creating and completing its stream. */
public final class Streams {

    /** JetStream API error code of "stream not found". */
    private static final int STREAM_NOT_FOUND = 10059;

    private Streams() {
    }

    /**
     * Makes sure the stream exists: creates it, or adds the missing subjects, when auto-create-stream is on.
     *
     * @return false while the stream does not exist and this channel does not create it (see {@link #missing})
     */
    public static boolean ensure(Connection connected, StreamSettings stream, String channel) {
        if (stream.name() == null) {
            return true; // the server finds the stream by subject
        }
        try {
            JetStreamManagement jsm = connected.jetStreamManagement(stream.api());
            StreamInfo info;
            try {
                info = jsm.getStreamInfo(stream.name());
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
                if (!stream.autoCreate()) {
                    return false;
                }
                requireFeatureSupport(connected, stream, channel);
                jsm.addStream(stream.configuration(null));
                NatsLogging.log.streamProvisioned(channel, "created", stream.name());
                return true;
            }
            if (stream.autoCreate() && stream.lacks(info.getConfiguration())) {
                requireFeatureSupport(connected, stream, channel);
                jsm.updateStream(stream.configuration(info.getConfiguration()));
                NatsLogging.log.streamProvisioned(channel, "added subjects " + stream.subjects()
                        + (stream.allowMessageTtl() ? " and per-message TTL" : "")
                        + (stream.allowMessageSchedules() ? " and scheduled messages" : "") + " to", stream.name());
            }
            return true;
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("Channel '" + channel + "' cannot check JetStream stream '" + stream.name()
                    + "': " + e.getMessage(), e);
        }
    }

    /** An older server would ignore the settings: TTLs or schedules of the messages would fail or be lost. */
    private static void requireFeatureSupport(Connection connected, StreamSettings stream, String channel) {
        if (stream.allowMessageTtl()) {
            ServerVersions.require(connected, ServerVersions.MESSAGE_TTL, channel,
                    "create stream '" + stream.name() + "' with stream-allow-message-ttl");
        }
        if (stream.allowMessageSchedules()) {
            ServerVersions.require(connected, ServerVersions.MESSAGE_SCHEDULES, channel,
                    "create stream '" + stream.name() + "' with stream-allow-message-schedules");
        }
    }

    /** Why the channel waits: another channel will create the stream, or nothing in this application will. */
    public static IllegalStateException missing(StreamSettings stream, String channel) {
        return stream.creators().isEmpty() ? NatsExceptions.ex.unknownStream(stream.name(), channel)
                : NatsExceptions.ex.awaitedStream(stream.name(), channel, stream.creators().toString());
    }

    /**
     * With {@code connect-retry=false} the connection is up at deployment: a stream that is missing and that no
     * channel of this application creates then fails deployment. Otherwise the check runs once connected, in the
     * background, and a missing stream shows in readiness.
     *
     * @param connected the connection, or null while it is still being established
     */
    public static void checkAtDeployment(Connection connected, StreamSettings stream, String channel) {
        if (connected != null && stream.creators().isEmpty() && !ensure(connected, stream, channel)) {
            throw missing(stream, channel);
        }
    }
}
