package io.veloce.server;

import io.netty.util.AsciiString;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

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
            current = new Cached(second, new AsciiString(DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC))));
            cached = current;
        }
        return current.text();
    }
}
