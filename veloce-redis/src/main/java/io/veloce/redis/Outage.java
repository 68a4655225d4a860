package io.veloce.redis;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Reports a Redis outage in two lines: one WARN when the first connection of its user is lost and
 * one INFO when the last is back. Not one line per connection, failed command or reconnect
 * attempt: an outage of minutes must not flood the log.
 */
final class Outage {

    private final Logger log;
    private final String lostText;
    private final String backText;
    /** The connections lost now; guarded by this. */
    private final Set<Object> lost = new HashSet<>();
    private long since;
    /** What the connections already back said, for the INFO; guarded by this. */
    private final StringBuilder details = new StringBuilder();
    /** Read without the lock on hot paths, so that a healthy call costs one volatile read. */
    private volatile boolean down;

    /**
     * @param log where the two lines go
     * @param lostText the WARN, followed by the cause in parentheses
     * @param backText the INFO, followed by how long the outage lasted
     */
    Outage(Logger log, String lostText, String backText) {
        this.log = log;
        this.lostText = lostText;
        this.backText = backText;
    }

    /** Returns whether a connection is lost now. */
    boolean down() {
        return down;
    }

    /** Records that {@code connection} is lost; the first one lost logs the WARN. */
    synchronized void lost(Object connection, String cause) {
        if (lost.add(connection) && lost.size() == 1) {
            since = System.nanoTime();
            down = true;
            log.warn("{} ({})", lostText, cause);
        }
    }

    /**
     * Records that {@code connection} works again; the last one back logs the INFO, followed by
     * the details of every connection that came back during this outage, whichever came last.
     */
    synchronized void back(Object connection, String detail) {
        if (!lost.remove(connection)) {
            return;
        }
        details.append(detail);
        if (lost.isEmpty()) {
            down = false;
            double seconds = (System.nanoTime() - since) / 1e9;
            log.info("{} after {} s{}", backText, String.format(Locale.ROOT, "%.1f", seconds), details);
            details.setLength(0);
        }
    }
}
