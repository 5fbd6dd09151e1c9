package io.smallrye.reactive.messaging.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.nats.client.impl.NatsMessage;

/** What keeps request/reply and acknowledgement working where only MicroProfile's Message API exists. */
class IncomingNatsMessageTest {

    private final List<Throwable> handled = new CopyOnWriteArrayList<>();
    private final NatsMessage wire = NatsMessage.builder().subject("shop.quotes").replyTo("_INBOX.1").data("widget").build();
    private final IncomingNatsMessage<byte[]> received = new IncomingNatsMessage<>(wire, wire.getData(),
            new IncomingNatsMetadata("shop.quotes", "_INBOX.1", null, "pricing"), (message, reason, nack) -> {
                handled.add(reason);
                return CompletableFuture.completedFuture(null);
            });

    @Test
    void withPayloadKeepsTheDeliveryItsMetadataAndItsFailureStrategy() {
        IncomingNatsMessage<String> answer = received.withPayload("quote");

        assertEquals("quote", answer.getPayload());
        assertEquals(Optional.of("_INBOX.1"),
                answer.metadata(IncomingNatsMetadata.class).flatMap(IncomingNatsMetadata::getReplyTo));
        assertSame(wire, answer.getNatsMessage());
        IllegalStateException failure = new IllegalStateException("no price");
        answer.getNack().apply(failure);
        assertEquals(List.of(failure), handled);
    }

    @Test
    void aCopyReusesTheMetadataAlreadyBuiltForTheDelivery() {
        org.eclipse.microprofile.reactive.messaging.Metadata built = received.getMetadata();
        assertSame(built, received.withPayload("decoded").getMetadata(), "built once per delivery, not once per copy");
    }

    @Test
    void theDeliveryIsSettledOnceWhicheverCopyIsAcked() {
        List<Throwable> settlements = new CopyOnWriteArrayList<>();
        received.onSettled(settlements::add);
        IncomingNatsMessage<String> copy = received.withPayload("decoded");

        copy.getAck().get();
        received.ack();
        copy.nack(new IllegalStateException("late"));

        assertEquals(1, settlements.size());
        assertNull(settlements.get(0), "settled by the ack");
    }

    @Test
    void injectedMetadataReplacesMetadataOfTheSameClass() {
        received.injectMetadata(OutgoingNatsMetadata.builder().withSubject("a").build());
        received.injectMetadata(OutgoingNatsMetadata.builder().withSubject("b").build());

        assertEquals(Optional.of("b"), received.metadata(OutgoingNatsMetadata.class).flatMap(OutgoingNatsMetadata::getSubject));
        assertEquals("b", received.getMetadata().get(OutgoingNatsMetadata.class).orElseThrow().getSubject().orElseThrow());
    }
}
