package io.smallrye.reactive.messaging.nats.impl;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Finds the failure that matters to a user behind the wrappers that frameworks add around it. */
public final class Failures {

    private Failures() {
    }

    /**
     * Unwraps reflection and future wrappers, and the framework's "exception thrown when calling the method" wrapper
     * (SmallRye's ProcessingException, matched by name so this class loads without SmallRye).
     */
    public static Throwable cause(Throwable failure) {
        Throwable current = failure;
        while (current.getCause() != null && current.getCause() != current && isWrapper(current)) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof InvocationTargetException || t instanceof CompletionException || t instanceof ExecutionException
                || t.getClass() == RuntimeException.class // a bare wrapper, as jnats' futures use
                || t.getClass().getSimpleName().equals("ProcessingException");
    }
}
