package io.smallrye.reactive.messaging.nats;

import java.time.Duration;
import java.util.Objects;

/**
 * When a scatter-gather request ({@link NatsRequestReply#gather}) stops collecting replies: after
 * {@link #maxReplies(int) a number of replies}, after {@link #maxWait(Duration) a total wait} (by default the
 * channel's {@code request-timeout}) or after {@link #maxGap(Duration) a gap} without a reply once the first one came,
 * whichever comes first. Immutable: each method returns a copy.
 *
 * <pre>
 * NatsGathering.replies().maxReplies(3).maxWait(Duration.ofSeconds(2)).maxGap(Duration.ofMillis(200))
 * </pre>
 */
public final class NatsGathering {

    private static final NatsGathering ALL = new NatsGathering(Integer.MAX_VALUE, null, null);

    private final int maxReplies;
    private final Duration maxWait;
    private final Duration maxGap;

    private NatsGathering(int maxReplies, Duration maxWait, Duration maxGap) {
        this.maxReplies = maxReplies;
        this.maxWait = maxWait;
        this.maxGap = maxGap;
    }

    /** Every reply that comes within the channel's {@code request-timeout}. */
    public static NatsGathering replies() {
        return ALL;
    }

    /** Stops once this many replies came. */
    public NatsGathering maxReplies(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("maxReplies must be at least 1: " + count);
        }
        return new NatsGathering(count, maxWait, maxGap);
    }

    /** Stops this long after the request was sent, instead of the channel's {@code request-timeout}. */
    public NatsGathering maxWait(Duration total) {
        return new NatsGathering(maxReplies, positive("maxWait", total), maxGap);
    }

    /** Stops when no reply came for this long since the last one (before the first, only the total wait counts). */
    public NatsGathering maxGap(Duration gap) {
        return new NatsGathering(maxReplies, maxWait, positive("maxGap", gap));
    }

    public int maxReplies() {
        return maxReplies;
    }

    /** The total wait, or null for the channel's {@code request-timeout}. */
    public Duration maxWait() {
        return maxWait;
    }

    /** The gap after the last reply, or null for none. */
    public Duration maxGap() {
        return maxGap;
    }

    private static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "NatsGathering[maxReplies=" + (maxReplies == Integer.MAX_VALUE ? "any" : maxReplies) + ", maxWait="
                + (maxWait == null ? "request-timeout" : maxWait) + ", maxGap=" + maxGap + "]";
    }
}
