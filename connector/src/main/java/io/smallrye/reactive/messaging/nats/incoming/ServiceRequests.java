package io.smallrye.reactive.messaging.nats.incoming;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.nats.client.Connection;
import io.nats.client.impl.NatsMessage;
import io.nats.service.Service;
import io.nats.service.ServiceEndpoint;
import io.nats.service.ServiceMessage;
import io.nats.service.ServiceMessageHandler;
import io.smallrye.reactive.messaging.nats.IncomingNatsMessage;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.NatsFailureHandler;
import io.smallrye.reactive.messaging.nats.i18n.NatsLogging;
import io.smallrye.reactive.messaging.nats.impl.ChannelHealth;
import io.smallrye.reactive.messaging.nats.impl.Failures;

/**
 * Requests of a NATS service endpoint (jnats' service API), so that {@code $SRV.PING}, {@code $SRV.INFO} and
 * {@code $SRV.STATS} discover the channel and report its real figures. jnats calls the endpoint's handler on its
 * dispatcher thread and times it: the handler hands the request to the poller when downstream asks for it, and
 * returns once the application settled it (the reply published, or a failure). A failure makes jnats count an error
 * and answer the requester with a service error carrying its description. So an endpoint serves one request at a time
 * per channel; replicas share the endpoint's queue group. jnats answers discovery on a dispatcher of its own, so an
 * instance busy with a request is still discovered.
 */
final class ServiceRequests implements MessageSource, ServiceMessageHandler {

    private static final Duration POLL = Duration.ofMillis(200);
    /** Handed to the poller to wake it at once when the channel closes. */
    private static final IncomingNatsMessage<byte[]> WAKE_UP = new IncomingNatsMessage<>(null, new byte[0], List.of(), null);

    private final IncomingSettings settings;
    private final ServiceSettings service;
    private final Deliveries deliveries;
    private final NatsFailureHandler failureHandler;
    /** The dispatcher waits here until the poller takes its request. */
    private final SynchronousQueue<IncomingNatsMessage<byte[]>> requests = new SynchronousQueue<>();
    private volatile Service registered;
    private volatile boolean stopped;

    ServiceRequests(IncomingSettings settings, Deliveries deliveries, NatsFailureHandler failureHandler) {
        this.settings = settings;
        this.service = settings.service();
        this.deliveries = deliveries;
        this.failureHandler = failureHandler;
    }

    @Override
    public void open(Connection connected) {
        ServiceEndpoint endpoint = ServiceEndpoint.builder().endpointName(service.endpoint())
                .endpointSubject(settings.subject()).endpointQueueGroup(service.queue()).handler(this).build();
        Service started = Service.builder().connection(connected).name(service.name()).version(service.version())
                .description(service.description()).addServiceEndpoint(endpoint).build();
        started.startService();
        registered = started;
        NatsLogging.log.subscribed(settings.channel(), settings.subject(), " as endpoint '" + service.endpoint()
                + "' of service '" + service.name() + "' " + service.version() + " (id " + started.getId()
                + ", queue group '" + service.queue() + "')");
    }

    @Override
    public void onMessage(ServiceMessage request) {
        NatsMessage raw = NatsMessage.builder().subject(request.getSubject()).replyTo(request.getReplyTo())
                .headers(request.getHeaders()).data(request.getData()).build();
        IncomingNatsMessage<byte[]> message = new IncomingNatsMessage<>(raw, raw.getData(),
                new IncomingNatsMetadata(raw.getSubject(), raw.getReplyTo(), raw.getHeaders(), service.queue()),
                failureHandler);
        CompletableFuture<Throwable> settled = new CompletableFuture<>();
        message.onSettled(settled::complete);
        Throwable failure;
        try {
            while (!requests.offer(message, POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                if (stopped) {
                    throw new ServiceError("the service is stopping");
                }
            }
            failure = awaitSettlement(settled);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceError("the service is stopping");
        }
        if (failure != null) {
            throw new ServiceError(String.valueOf(Failures.cause(failure).getMessage()));
        }
    }

    private Throwable awaitSettlement(CompletableFuture<Throwable> settled) throws InterruptedException {
        while (true) {
            try {
                return settled.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillProcessing) {
                // the channel's stop waits for messages in the application's hands: so does the endpoint
            } catch (ExecutionException impossible) {
                return impossible.getCause();
            }
        }
    }

    @Override
    public Message<?> poll() {
        if (stopped || deliveries.closed()) {
            stop();
            return END;
        }
        IncomingNatsMessage<byte[]> request;
        try {
            request = requests.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return END;
        }
        return request == null || request == WAKE_UP ? null : deliveries.deliver(request, service.queue(), false);
    }

    @Override
    public void wakeUp() {
        requests.offer(WAKE_UP);
    }

    @Override
    public ChannelHealth readiness() {
        Service current = registered;
        if (current == null || stopped) {
            return new ChannelHealth(false, "not serving '" + settings.subject() + "' as service '" + service.name() + "'");
        }
        return new ChannelHealth(true, "serving '" + settings.subject() + "' as service '" + service.name() + "' "
                + service.version() + " (id " + current.getId() + ")");
    }

    @Override
    public void stop() {
        stopped = true;
        Service current = registered;
        if (current != null) {
            registered = null;
            try {
                current.stop(false);
            } catch (IllegalStateException alreadyClosed) {
                // the connection is closing; the endpoint's subscriptions go with it
            }
        }
    }

    /** What jnats answers the requester with (its {@code toString()}) and counts as the endpoint's last error. */
    private static final class ServiceError extends RuntimeException {
        ServiceError(String description) {
            super(description, null, false, false);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
