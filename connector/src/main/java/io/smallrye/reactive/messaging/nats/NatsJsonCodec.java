package io.smallrye.reactive.messaging.nats;

/**
 * Turns POJO payloads into JSON and back. On SmallRye a codec backed by its {@code JsonMapping} (Jackson or JSON-B
 * module) is provided; on other runtimes declare a bean implementing this interface.
 */
public interface NatsJsonCodec {

    String toJson(Object value);

    <T> T fromJson(String json, Class<T> type);
}
