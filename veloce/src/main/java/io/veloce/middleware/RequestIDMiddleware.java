package io.veloce.middleware;

import io.veloce.http.Connection;
import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.websocket.WebSocket;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;

/**
 * Gives every request an ID: a well-formed incoming {@code X-Request-ID} (1–128 characters of
 * letters, digits, {@code . _ -}) is kept, anything else is replaced by a random UUID (random, not
 * secret: never use it as a token). The ID is
 * echoed in the response's {@code X-Request-ID}, stored in the connection's state under
 * {@code "requestId"} and put in the SLF4J MDC under {@code "requestId"} while the request (or
 * the WebSocket session) is handled, so every log line can carry it. For a WebSocket the ID
 * covers the whole session; it is not echoed (the 101 headers are the handler's, through
 * {@code accept}).
 *
 * <pre>{@code
 * app.addMiddleware(new RequestIDMiddleware()); // add it first: everything after it logs with the ID
 * }</pre>
 */
public final class RequestIDMiddleware implements Middleware {

    /** The header read and written. */
    public static final String HEADER = "X-Request-ID";
    /** The MDC and state key of the ID. */
    public static final String KEY = "requestId";

    /** Creates the middleware. */
    public RequestIDMiddleware() {
    }

    @Override
    public Response handle(Request request, Next next) throws Exception {
        String id = idFor(request);
        return withId(id, () -> next.handle(request).header(HEADER, id));
    }

    @Override
    public void handleWebSocket(WebSocket ws, WebSocketNext next) throws Exception {
        withId(idFor(ws), () -> {
            next.handle(ws);
            return null;
        });
    }

    /** Runs {@code work} with {@code id} in the MDC, then puts back what was there. */
    private static <T> T withId(String id, java.util.concurrent.Callable<T> work) throws Exception {
        String previous = MDC.get(KEY);
        MDC.put(KEY, id);
        try {
            return work.call();
        } finally {
            restore(previous);
        }
    }

    private static String idFor(Connection connection) {
        String incoming = connection.headers().get(HEADER);
        String id = wellFormed(incoming) ? incoming : newId();
        connection.state().put(KEY, id);
        return id;
    }

    /**
     * Returns a random version-4 UUID string. From {@link ThreadLocalRandom}, not
     * {@code UUID.randomUUID()}'s shared {@code SecureRandom}: a request ID correlates log lines and
     * is no secret, and a per-request lock on the system's entropy source is what it must not cost.
     */
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // RFC 4122 variant
        return new UUID(high, low).toString();
    }

    /** Whether a client-sent ID is safe to log and echo (no spaces, quotes or control characters). */
    static boolean wellFormed(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void restore(String previous) {
        if (previous == null) {
            MDC.remove(KEY);
        } else {
            MDC.put(KEY, previous);
        }
    }
}
