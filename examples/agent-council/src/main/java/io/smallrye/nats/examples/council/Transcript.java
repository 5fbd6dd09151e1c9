package io.smallrye.nats.examples.council;

/** The readable account of what the agents did. */
final class Transcript {

    private Transcript() {
    }

    static synchronized void say(String agent, String text) {
        System.out.printf("[%-12s] %s%n", agent, text);
    }
}
