package io.smallrye.reactive.messaging.nats;

/**
 * A NATS service answered a request with a service error (headers {@code Nats-Service-Error} and
 * {@code Nats-Service-Error-Code}), e.g. because the method serving it failed.
 */
public class NatsServiceException extends RuntimeException {

    private final int code;
    private final String description;

    public NatsServiceException(String message, int code, String description) {
        super(message);
        this.code = code;
        this.description = description;
    }

    /** The error code the service sent, e.g. 500. */
    public int getCode() {
        return code;
    }

    /** The service's description of the error. */
    public String getDescription() {
        return description;
    }
}
