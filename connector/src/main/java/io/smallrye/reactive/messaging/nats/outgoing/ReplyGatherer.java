package io.smallrye.reactive.messaging.nats.outgoing;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.MessageHandler;
import io.nats.client.Subscription;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.reactive.messaging.nats.NatsGathering;

/**
 * Collects the replies of one scatter-gather request on its own inbox and ends the requester's stream after the
 * maximum count, the total wait or the gap after the last reply, whichever comes first, or at once when the server
 * says nobody serves the subject. It unsubscribes the inbox when the stream ends or the requester cancels it.
 */
final class ReplyGatherer implements MessageHandler {

    private final MultiEmitter<? super Message> replies;
    private final NatsGathering until;
    private Dispatcher dispatcher;
    private Subscription inbox;
    private ScheduledFuture<?> totalWait;
    private ScheduledFuture<?> gap;
    private int received;
    private boolean ended;

    ReplyGatherer(MultiEmitter<? super Message> replies, NatsGathering until) {
        this.replies = replies;
        this.until = until;
    }

    /** Subscribes the inbox; call before publishing the request, so that no reply comes before the subscription. */
    synchronized void listen(Dispatcher dispatcher, String subject, Duration maxWait) {
        this.dispatcher = dispatcher;
        this.inbox = dispatcher.subscribe(subject, this);
        totalWait = schedule(maxWait);
        replies.onTermination(this::end);
    }

    @Override
    public synchronized void onMessage(Message reply) {
        if (ended) {
            return;
        }
        if (reply.isStatusMessage()) {
            if (reply.getStatus().isNoResponders()) {
                end(); // nobody serves the subject: an empty result, not a failure
            }
            return;
        }
        replies.emit(reply);
        if (++received >= until.maxReplies()) {
            end();
        } else if (until.maxGap() != null) {
            if (gap != null) {
                gap.cancel(false);
            }
            gap = schedule(until.maxGap());
        }
    }

    synchronized void end() {
        if (ended) {
            return;
        }
        ended = true;
        totalWait.cancel(false);
        if (gap != null) {
            gap.cancel(false);
        }
        try {
            dispatcher.unsubscribe(inbox);
        } catch (IllegalStateException closed) {
            // the connection or dispatcher closed: the subscription is gone with it
        }
        replies.complete();
    }

    private ScheduledFuture<?> schedule(Duration delay) {
        return Infrastructure.getDefaultWorkerPool().schedule(this::end, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
