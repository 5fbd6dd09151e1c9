package io.smallrye.reactive.messaging.nats.connector;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;

/** Reading of attribute values the generated configuration classes leave as text or unchecked numbers. */
final class AttributeValues {

    private AttributeValues() {
    }

    /** A comma-separated list, blanks dropped. */
    static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    static int positive(String channel, String attribute, int value) {
        return (int) positive(channel, attribute, (long) value);
    }

    static long positive(String channel, String attribute, long value) {
        if (value <= 0) {
            throw NatsExceptions.ex.invalidAttribute(attribute, channel, value + " is not positive");
        }
        return value;
    }

    /** The enum constant whose name matches the value, ignoring case and dashes. */
    static <E extends Enum<E>> E choice(String channel, String attribute, String value, Class<E> type) {
        String wanted = value.replace("-", "").toLowerCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return constant;
            }
        }
        throw NatsExceptions.ex.invalidAttribute(attribute, channel, "'" + value + "' is not one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }
}
