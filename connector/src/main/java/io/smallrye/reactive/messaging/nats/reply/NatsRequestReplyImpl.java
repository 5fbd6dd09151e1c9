package io.smallrye.reactive.messaging.nats.reply;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.nats.client.Connection;
import io.nats.service.Discovery;
import io.nats.service.InfoResponse;
import io.nats.service.StatsResponse;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.EmitterConfiguration;
import io.smallrye.reactive.messaging.nats.IncomingNatsMetadata;
import io.smallrye.reactive.messaging.nats.NatsGathering;
import io.smallrye.reactive.messaging.nats.NatsRequestMetadata;
import io.smallrye.reactive.messaging.nats.NatsRequestReply;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;
import io.smallrye.reactive.messaging.nats.impl.GatherRequest;
import io.smallrye.reactive.messaging.nats.impl.PayloadCodec;
import io.smallrye.reactive.messaging.providers.extension.MutinyEmitterImpl;

/**
 * Emits each request into its outgoing channel with {@link NatsRequestMetadata}; the channel sends it with a reply
 * inbox and completes the metadata's future, already on a worker thread. A scatter-gather request carries a
 * {@link GatherRequest} instead, into which the channel emits the replies on jnats' thread; they are decoded on a
 * worker.
 */
public class NatsRequestReplyImpl<Req, Rep> extends MutinyEmitterImpl<Req> implements NatsRequestReply<Req, Rep> {

    private final PayloadCodec codec;
    private final Function<String, Connection> connections;
    private volatile Type replyType = byte[].class;

    /** @param connections the current connection of an outgoing channel, by name */
    public NatsRequestReplyImpl(EmitterConfiguration configuration, long defaultBufferSize, PayloadCodec codec,
            Function<String, Connection> connections) {
        super(configuration, defaultBufferSize);
        this.codec = codec;
        this.connections = connections;
    }

    void setReplyType(Type replyType) {
        this.replyType = replyType;
    }

    @Override
    public Uni<Rep> request(Req request) {
        return request(request, null);
    }

    @Override
    public Uni<Rep> request(Req request, Duration timeout) {
        return send(Message.of(request), timeout).map(Message::getPayload);
    }

    @Override
    public Uni<Message<Rep>> request(Message<Req> request) {
        return send(request, null);
    }

    @Override
    public Multi<Rep> gather(Req request, NatsGathering until) {
        return gather(Message.of(request), until).map(Message::getPayload);
    }

    @Override
    public Multi<Message<Rep>> gather(Message<Req> request, NatsGathering until) {
        Objects.requireNonNull(until, "until");
        return Multi.createFrom().<io.nats.client.Message> emitter(
                replies -> sendMessage(request.addMetadata(new GatherRequest(until, replies)))
                        .subscribe().with(sent -> {
                        }, replies::fail))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(this::toMessage);
    }

    @Override
    public Uni<List<InfoResponse>> discover(String service, Duration wait) {
        return discovery(wait, discovery -> discovery.info(Objects.requireNonNull(service, "service")));
    }

    @Override
    public Uni<List<StatsResponse>> stats(String service, Duration wait) {
        return discovery(wait, discovery -> discovery.stats(Objects.requireNonNull(service, "service")));
    }

    /** jnats' discovery waits for the answers the whole time: on a worker. */
    private <T> Uni<List<T>> discovery(Duration wait, Function<Discovery, List<T>> question) {
        return Uni.createFrom().item(() -> {
            Discovery discovery = new Discovery(connections.apply(name), wait.toMillis(), Integer.MAX_VALUE);
            try {
                return question.apply(discovery);
            } catch (IllegalArgumentException noResponse) {
                // jnats 2.26 reads the server's no-responders status as a response, and refuses it: no instance runs
                return List.<T> of();
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<Message<Rep>> send(Message<Req> request, Duration timeout) {
        NatsRequestMetadata pending = new NatsRequestMetadata(timeout);
        return sendMessage(request.addMetadata(pending))
                .chain(() -> Uni.createFrom().completionStage(pending.reply()))
                .map(this::toMessage);
    }

    @SuppressWarnings("unchecked")
    private Message<Rep> toMessage(io.nats.client.Message reply) {
        IncomingNatsMetadata metadata = new IncomingNatsMetadata(reply.getSubject(), reply.getReplyTo(), reply.getHeaders(),
                null);
        Rep payload;
        try {
            payload = (Rep) codec.decode(reply.getData(), replyType);
        } catch (RuntimeException e) {
            throw NatsExceptions.ex.undecodablePayload(reply.getSubject(), replyType.getTypeName(), e.getMessage(), e);
        }
        return Message.of(payload).addMetadata(metadata);
    }
}
