package io.smallrye.reactive.messaging.nats.jetstream;

import java.util.ArrayList;
import java.util.List;

import io.nats.client.api.KeyValueWatchOption;

/**
 * What an incoming channel watches in its key-value bucket.
 *
 * @param keys a key, or a filter with {@code *} and {@code >} wildcards
 * @param deliver {@code latest}, {@code history} or {@code updates}: where the watch starts
 */
public record WatchSettings(BucketSettings bucket, String keys, String deliver, boolean ignoreDeletes) {

    public KeyValueWatchOption[] options() {
        List<KeyValueWatchOption> options = new ArrayList<>();
        if (deliver.equals("history")) {
            options.add(KeyValueWatchOption.INCLUDE_HISTORY);
        } else if (deliver.equals("updates")) {
            options.add(KeyValueWatchOption.UPDATES_ONLY);
        }
        if (ignoreDeletes) {
            options.add(KeyValueWatchOption.IGNORE_DELETE);
        }
        return options.toArray(KeyValueWatchOption[]::new);
    }
}
