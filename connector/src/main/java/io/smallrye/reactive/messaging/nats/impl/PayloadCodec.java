package io.smallrye.reactive.messaging.nats.impl;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

import io.smallrye.reactive.messaging.nats.NatsJsonCodec;
import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;

/**
 * Turns payloads into NATS bytes and back. {@code byte[]} travels as is, text and primitives as UTF-8 text, anything
 * else as JSON (content type {@code application/json}) through a {@link NatsJsonCodec}. Decoding never guesses a
 * class from the message: the target type is the one the application asked for.
 */
public final class PayloadCodec {

    public static final String CONTENT_TYPE = "Content-Type";
    public static final String JSON = "application/json";

    private static final Map<Class<?>, Function<String, Object>> TEXT_DECODERS = Map.ofEntries(
            Map.entry(String.class, s -> s),
            Map.entry(Integer.class, s -> Integer.valueOf(s.trim())), Map.entry(int.class, s -> Integer.valueOf(s.trim())),
            Map.entry(Long.class, s -> Long.valueOf(s.trim())), Map.entry(long.class, s -> Long.valueOf(s.trim())),
            Map.entry(Short.class, s -> Short.valueOf(s.trim())), Map.entry(short.class, s -> Short.valueOf(s.trim())),
            Map.entry(Byte.class, s -> Byte.valueOf(s.trim())), Map.entry(byte.class, s -> Byte.valueOf(s.trim())),
            Map.entry(Double.class, s -> Double.valueOf(s.trim())), Map.entry(double.class, s -> Double.valueOf(s.trim())),
            Map.entry(Float.class, s -> Float.valueOf(s.trim())), Map.entry(float.class, s -> Float.valueOf(s.trim())),
            Map.entry(Boolean.class, PayloadCodec::parseBoolean), Map.entry(boolean.class, PayloadCodec::parseBoolean),
            Map.entry(Character.class, PayloadCodec::parseChar), Map.entry(char.class, PayloadCodec::parseChar));

    private static final String NO_JSON = "no JSON mapper: the application has no Jackson ObjectMapper bean, JSON-B Jsonb "
            + "bean, SmallRye JsonMapping (smallrye-reactive-messaging-jackson or -jsonb) or NatsJsonCodec bean";

    private final NatsJsonCodec json;

    /** @param json the JSON codec, or null when none is available (POJOs then fail with a clear message) */
    public PayloadCodec(NatsJsonCodec json) {
        this.json = json;
    }

    /** Bytes and content type of a payload to publish. */
    public record Encoded(byte[] data, String contentType) {
    }

    public Encoded encode(Object payload) {
        if (payload == null) {
            return new Encoded(new byte[0], null);
        }
        if (payload instanceof byte[] bytes) {
            return new Encoded(bytes, null);
        }
        if (payload instanceof CharSequence || payload instanceof Number || payload instanceof Boolean
                || payload instanceof Character) {
            return new Encoded(payload.toString().getBytes(StandardCharsets.UTF_8), null);
        }
        if (json == null) {
            throw new IllegalArgumentException(NO_JSON + " to encode it");
        }
        return new Encoded(json.toJson(payload).getBytes(StandardCharsets.UTF_8), JSON);
    }

    /**
     * The class a channel's {@code payload-type} names, or null for {@code byte[]} (raw bytes); a deployment error
     * when there is no such class or no way to decode to it.
     */
    public Class<?> payloadType(String channel, String className) {
        if (className.equals("byte[]")) {
            return null;
        }
        Class<?> type;
        try {
            ClassLoader application = Thread.currentThread().getContextClassLoader();
            type = Class.forName(className, false, application == null ? PayloadCodec.class.getClassLoader() : application);
        } catch (ClassNotFoundException e) {
            throw NatsExceptions.ex.invalidAttribute("payload-type", channel, "no class " + className + " is visible");
        }
        if (!canDecode(type)) {
            throw NatsExceptions.ex.invalidAttribute("payload-type", channel, "cannot decode to " + className
                    + (json == null ? ": " + NO_JSON : ""));
        }
        return type;
    }

    /** Whether {@link #decode} can produce this type. */
    public boolean canDecode(Type target) {
        Class<?> raw = rawClass(target);
        return raw != null && raw != byte[].class && raw != Object.class && (TEXT_DECODERS.containsKey(raw) || json != null);
    }

    /**
     * @throws IllegalArgumentException with the reason when the bytes are not a valid value of the type
     */
    public Object decode(byte[] data, Type target) {
        Class<?> raw = rawClass(target);
        if (raw == byte[].class || raw == Object.class) {
            return data;
        }
        String text = new String(data, StandardCharsets.UTF_8);
        Function<String, Object> decoder = TEXT_DECODERS.get(raw);
        if (decoder != null) {
            return decoder.apply(text);
        }
        if (json == null) {
            throw new IllegalArgumentException("no JSON codec: add smallrye-reactive-messaging-jackson (or -jsonb), "
                    + "or declare a NatsJsonCodec bean");
        }
        Object value = json.fromJson(text, raw);
        if (value == null) {
            throw new IllegalArgumentException("the payload is empty or JSON null");
        }
        return value;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    private static Object parseBoolean(String s) {
        String value = s.trim();
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.valueOf(value);
        }
        throw new IllegalArgumentException("'" + abbreviate(value) + "' is neither true nor false");
    }

    private static Object parseChar(String s) {
        if (s.length() != 1) {
            throw new IllegalArgumentException("expected exactly one character");
        }
        return s.charAt(0);
    }

    /** A short excerpt of a payload for error messages. */
    public static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
