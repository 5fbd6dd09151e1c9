package io.smallrye.reactive.messaging.nats;

import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.nats.service.InfoResponse;
import io.nats.service.StatsResponse;
import io.smallrye.common.annotation.Experimental;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.EmitterType;

/**
 * Sends requests through an outgoing {@code smallrye-nats} channel and returns the replies (SmallRye only).
 *
 * <pre>
 * &#64;Inject
 * &#64;Channel("reviews")
 * NatsRequestReply&lt;Draft, Verdict&gt; reviewers;
 * Uni&lt;Verdict&gt; verdict = reviewers.request(draft);
 * </pre>
 *
 * The reply fails with {@link NatsNoRespondersException} when nobody serves the subject (at once), or with a
 * {@link java.util.concurrent.TimeoutException} after the channel's {@code request-timeout}. Replies are decoded to
 * {@code Rep} like incoming payloads (text, primitives, JSON), on a worker thread, never on jnats' own.
 * <p>
 * {@link #gather(Object, NatsGathering)} asks every responder at once (scatter-gather): the subject's subscribers
 * outside a queue group each answer, and the replies come as a {@code Multi} until the {@link NatsGathering} says
 * stop.
 */
@Experimental("NATS request-reply emitter")
public interface NatsRequestReply<Req, Rep> extends EmitterType {

    Uni<Rep> request(Req request);

    Uni<Rep> request(Req request, Duration timeout);

    /** Sends a message (its metadata may set the subject and headers) and returns the reply with its metadata. */
    Uni<Message<Rep>> request(Message<Req> request);

    /**
     * Sends one request and emits every reply, in arrival order, until {@code until} says stop (then completes). When
     * nobody serves the subject the stream completes empty at once; a reply that cannot be decoded fails it, like a
     * disconnected connection. Cancelling the subscription stops the gathering. The request is sent on subscription.
     */
    Multi<Rep> gather(Req request, NatsGathering until);

    /** {@link #gather(Object, NatsGathering)} for a message (its metadata may set the subject and headers). */
    Multi<Message<Rep>> gather(Message<Req> request, NatsGathering until);

    /**
     * The running instances of a NATS service ({@code $SRV.INFO.<service>}), with their ids, versions and endpoints
     * (subject, queue group): every instance that answered within {@code wait}, asked on this channel's connection.
     */
    Uni<List<InfoResponse>> discover(String service, Duration wait);

    /** The figures of each instance of a NATS service ({@code $SRV.STATS.<service>}): requests, errors, time. */
    Uni<List<StatsResponse>> stats(String service, Duration wait);
}
