package io.smallrye.reactive.messaging.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class NatsGatheringTest {

    @Test
    void defaultsGatherEveryReplyUntilTheChannelsTimeout() {
        NatsGathering all = NatsGathering.replies();
        assertEquals(Integer.MAX_VALUE, all.maxReplies());
        assertNull(all.maxWait());
        assertNull(all.maxGap());
    }

    @Test
    void eachLimitIsACopy() {
        NatsGathering three = NatsGathering.replies().maxReplies(3);
        NatsGathering bounded = three.maxWait(Duration.ofSeconds(2)).maxGap(Duration.ofMillis(200));
        assertEquals(3, bounded.maxReplies());
        assertEquals(Duration.ofSeconds(2), bounded.maxWait());
        assertEquals(Duration.ofMillis(200), bounded.maxGap());
        assertNull(three.maxWait());
        assertEquals(Integer.MAX_VALUE, NatsGathering.replies().maxReplies());
    }

    @Test
    void limitsThatCannotEndAGatheringAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NatsGathering.replies().maxReplies(0));
        assertThrows(IllegalArgumentException.class, () -> NatsGathering.replies().maxWait(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> NatsGathering.replies().maxGap(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> NatsGathering.replies().maxWait(null));
    }
}
