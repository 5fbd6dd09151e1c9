package io.smallrye.reactive.messaging.nats.quarkus.deployment;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.quarkus.deployment.IsNormal;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.builditem.Startable;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.ConfigUtils;

/**
 * In dev and test mode, with no NATS URL configured, starts a local nats-server process (no container) and gives its
 * URL to the connector. Quarkus keeps it across dev-mode restarts while this configuration stays the same, and stops
 * it when the application ends.
 */
class NatsDevServicesProcessor {

    private static final Logger LOG = Logger.getLogger(NatsDevServicesProcessor.class);
    static final String URL = "mp.messaging.connector.smallrye-nats.url";

    @BuildStep(onlyIfNot = IsNormal.class, onlyIf = DevServicesConfig.Enabled.class)
    DevServicesResultBuildItem natsServer(NatsDevServicesConfig config, LaunchModeBuildItem launchMode) {
        if (!config.enabled() || ConfigUtils.isPropertyNonEmpty(URL)) {
            return null;
        }
        Path marker = config.shared() && launchMode.getLaunchMode() == LaunchMode.DEVELOPMENT
                ? NatsServerProcess.marker(config.serviceName())
                : null;
        Optional<String> shared = marker == null ? Optional.empty() : NatsServerProcess.running(marker);
        if (shared.isPresent()) {
            LOG.infof("Dev Services for NATS: using the shared nats-server at %s", shared.get());
            return DevServicesResultBuildItem.discovered().feature(SmallRyeNatsProcessor.FEATURE)
                    .config(Map.of(URL, shared.get())).build();
        }
        Path executable = NatsServerProcess.find(config.serverPath());
        return DevServicesResultBuildItem.owned().feature(SmallRyeNatsProcessor.FEATURE)
                .serviceName(config.serviceName()).serviceConfig(config)
                .startable(() -> new NatsServerProcess(executable, config.port(), marker))
                .postStartHook(server -> LOG.infof("Dev Services for NATS started %s (JetStream) at %s, monitoring at %s",
                        executable, server.getConnectionInfo(), server.monitoring()))
                .configProvider(Map.of(URL, Startable::getConnectionInfo)).build();
    }
}
