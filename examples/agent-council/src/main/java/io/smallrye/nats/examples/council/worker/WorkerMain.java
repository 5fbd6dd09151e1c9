package io.smallrye.nats.examples.council.worker;

import java.time.Duration;

import io.smallrye.nats.examples.launcher.Launcher;

/**
 * A worker replica's process, started by the council with {@code mp.config.profile=worker}: it says "ready" once its
 * channels are, then works until it is killed or the council's process is gone.
 */
public class WorkerMain {

    public static void main(String[] args) {
        Launcher.main("/worker-logging.properties", true, Duration.ofSeconds(30), (application, timeout) -> {
            System.out.println("ready");
            ProcessHandle.current().parent().orElseThrow().onExit().join();
            return true;
        });
    }
}
