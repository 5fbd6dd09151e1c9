package io.smallrye.reactive.messaging.nats.impl;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smallrye.reactive.messaging.nats.i18n.NatsExceptions;

/**
 * Reads duration attributes. Accepts {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, a bare number of
 * milliseconds, or ISO-8601 ({@code PT2S}): the forms MicroProfile Config users write, on any runtime.
 */
public final class Durations {

    private static final Pattern SHORT_FORM = Pattern.compile("(-?\\d+)\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    public static Duration parse(String channel, String attribute, String value) {
        String text = value.trim();
        Duration duration;
        Matcher matcher = SHORT_FORM.matcher(text.toLowerCase());
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
            duration = switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } else {
            try {
                duration = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw NatsExceptions.ex.invalidAttribute(attribute, channel,
                        "'" + value + "' is not a duration (examples: 500ms, 2s, 1m, PT2S)");
            }
        }
        if (duration.isNegative()) {
            throw NatsExceptions.ex.invalidAttribute(attribute, channel, "'" + value + "' is negative");
        }
        return duration;
    }
}
