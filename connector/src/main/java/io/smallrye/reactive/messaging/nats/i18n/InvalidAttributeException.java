package io.smallrye.reactive.messaging.nats.i18n;

/** A deployment error about one attribute, which it names, so that it can be reported where the value was set. */
public class InvalidAttributeException extends IllegalArgumentException {

    private final String attribute;

    public InvalidAttributeException(String attribute, String message) {
        super(message);
        this.attribute = attribute;
    }

    public String attribute() {
        return attribute;
    }
}
