package io.veloce.server;

import io.netty.util.AsciiString;
import io.veloce.http.HttpDates;

/** The {@code Date} header value, formatted at most once per second. */
final class HttpDate {

    private record Cached(long second, AsciiString text) {
    }

    private static volatile Cached cached = new Cached(-1, AsciiString.EMPTY_STRING);

    private HttpDate() {
    }

    /** An {@link AsciiString}, which Netty's encoder copies in one go rather than char by char. */
    static AsciiString now() {
        long second = System.currentTimeMillis() / 1000;
        Cached current = cached;
        if (current.second() != second) {
            current = new Cached(second, new AsciiString(HttpDates.format(second)));
            cached = current;
        }
        return current.text();
    }
}
