package io.veloce.examples.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veloce.Veloce;
import io.veloce.di.Dependency;
import io.veloce.http.HttpException;
import io.veloce.middleware.security.SecurityHeadersMiddleware;
import io.veloce.middleware.security.SessionMiddleware;
import io.veloce.middleware.security.WebSocketOriginMiddleware;
import io.veloce.redis.RedisBroadcastEngine;
import io.veloce.staticfiles.StaticFiles;
import io.veloce.websocket.BroadcastException;
import io.veloce.websocket.Broadcaster;
import io.veloce.websocket.CloseCode;
import io.veloce.websocket.WebSocket;
import io.veloce.websocket.WebSocketDisconnect;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

/**
 * The chat demo: pick a nickname and a room, see who is there and the last 50 messages, talk.
 * Built the way the docs recommend: secure defaults, an Origin check on the WebSocket (only the
 * chat's own page may open it), the nickname in a signed session cookie, the current user as a
 * dependency shared by HTTP and WebSocket routes, a small typed JSON protocol, and limits on
 * message length and rate with errors the page shows. Rooms are channels of the app's
 * {@code Broadcaster}: in memory on one node, or on Redis across nodes, where the rooms' presence
 * and history are kept in Redis too (see {@link #main}).
 */
public final class ChatApp {

    /** The longest message accepted, in characters. */
    public static final int MAX_MESSAGE_LENGTH = 500;
    private static final Pattern NICKNAME = Pattern.compile("[\\p{L}\\p{N} _.-]{1,24}");
    private static final Pattern ROOM = Pattern.compile("[a-z0-9-]{1,32}");
    private static final String CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /**
     * How the chat is set up.
     *
     * @param origins the page origins allowed to open the WebSocket (the chat's own)
     * @param sessionKey the key signing session cookies: at least 32 random bytes, the same on every node
     * @param secureCookies whether cookies are {@code Secure} (off only for plain HTTP on loopback)
     * @param messagesPerWindow how many messages one connection may send per {@code window}
     * @param window the rate-limit window
     * @param clock the time messages are stamped with and rates measured by
     * @param redisUri the Redis joining this node to the others ({@code redis://host:6379}), or
     *     {@code null} for a single node keeping everything in memory
     */
    public record Settings(List<String> origins, byte[] sessionKey, boolean secureCookies, int messagesPerWindow,
            Duration window, Clock clock, String redisUri) {

        /**
         * Checks the settings.
         *
         * @throws NullPointerException when a setting other than {@code redisUri} is {@code null}
         * @throws IllegalArgumentException when the session key is shorter than 32 bytes or
         *     {@code messagesPerWindow} is not positive
         */
        public Settings {
            origins = List.copyOf(origins);
            Objects.requireNonNull(sessionKey, "sessionKey");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(clock, "clock");
            if (sessionKey.length < 32) {
                throw new IllegalArgumentException("the session key is at least 32 bytes, was " + sessionKey.length);
            }
            if (messagesPerWindow < 1) {
                throw new IllegalArgumentException("messagesPerWindow must be positive, was " + messagesPerWindow);
            }
        }

        /**
         * The settings for one node serving the chat at {@code origin} over plain HTTP on loopback:
         * 5 messages per 5 seconds, in memory.
         *
         * @param origin the page's origin, e.g. {@code http://127.0.0.1:8000}
         * @param sessionKey the key signing session cookies (at least 32 bytes)
         * @return the settings
         */
        public static Settings local(String origin, byte[] sessionKey) {
            return new Settings(List.of(origin), sessionKey, false, 5, Duration.ofSeconds(5), Clock.systemUTC(), null);
        }

        /**
         * Returns these settings with the node joined to others through the Redis at {@code uri}.
         *
         * @param uri for example {@code redis://127.0.0.1:6379}
         * @return a copy of these settings using Redis
         */
        public Settings withRedis(String uri) {
            return new Settings(origins, sessionKey, secureCookies, messagesPerWindow, window, clock,
                    Objects.requireNonNull(uri, "uri"));
        }
    }

    private ChatApp() {
    }

    /**
     * Builds the chat app (not started): in memory, or on Redis when the settings name one — the
     * app then connects to it when it starts, and fails to start when it cannot.
     *
     * @param settings how the chat is set up
     * @return the app, ready to {@code run} or to drive with a {@code TestClient}
     */
    public static Veloce create(Settings settings) {
        Veloce app = new Veloce();
        if (settings.redisUri() == null) {
            return create(app, settings, new LocalChatRooms());
        }
        app.broadcastEngine(RedisBroadcastEngine.create(settings.redisUri()));
        RedisChatRooms shared = new RedisChatRooms(settings.redisUri(), app.objectMapper());
        // a node that died cannot say its members left: the heartbeat that finds them gone does
        shared.whenGone((room, nickname) -> app.broadcaster().publishJson(room, ChatEvent.Membership.left(nickname)));
        shared.whenBack((room, nickname) -> app.broadcaster().publishJson(room, ChatEvent.Membership.joined(nickname)));
        app.onStartup(shared::start);
        app.onShutdown(shared::close);
        return create(app, settings, shared);
    }

    /** Builds the chat on {@code app} with {@code rooms} (tests pass rooms of their own). */
    static Veloce create(Veloce app, Settings settings, ChatRooms rooms) {
        ObjectMapper json = app.objectMapper();
        Broadcaster broadcaster = app.broadcaster();

        app.useSecureDefaults();
        // and a policy for the page: it talks only to its own origin (scripts, styles, WebSocket)
        app.addMiddleware(new SecurityHeadersMiddleware().with("Content-Security-Policy", CSP));
        app.addMiddleware(new WebSocketOriginMiddleware(settings.origins()));
        app.addMiddleware(SessionMiddleware.builder(settings.sessionKey()).httpsOnly(settings.secureCookies())
                .maxAge(Duration.ofDays(1)).build());

        Dependency<String> currentUser = Dependency.of(conn -> {
            String nickname = conn.session().get("nickname");
            if (nickname == null) {
                throw new HttpException(401, "pick a nickname first");
            }
            return nickname;
        });

        app.staticFiles("/", StaticFiles.classpath("chat")); // index.html, chat.js, chat.css; below the API routes

        app.get("/api/session", currentUser, (req, nickname) -> Map.of("nickname", nickname));
        app.post("/api/session", req -> {
            String nickname = String.valueOf(req.json().path("nickname").asText("")).strip();
            if (!NICKNAME.matcher(nickname).matches()) {
                throw new HttpException(422, "a nickname is 1 to 24 letters, digits, spaces, '.', '_' or '-'");
            }
            req.session().put("nickname", nickname);
            return Map.of("nickname", nickname);
        });

        app.websocket("/ws/rooms/{room}", currentUser, (ws, nickname) -> {
            String room = ws.pathParam("room");
            if (!ROOM.matcher(room).matches()) {
                throw new HttpException(404, "a room name is 1 to 32 lowercase letters, digits or '-'");
            }
            ws.accept();
            boolean first;
            try {
                first = rooms.enter(room, nickname);
            } catch (ChatRooms.Unavailable unavailable) {
                refuseForNow(ws, unavailable);
                return;
            }
            try {
                broadcaster.join(room, ws);
                if (first) {
                    broadcaster.publishJson(room, ChatEvent.Membership.joined(nickname));
                }
                ws.sendJson(ChatEvent.History.of(rooms.history(room)));
                ws.sendJson(ChatEvent.Presence.of(room, rooms.present(room)));
                converse(ws, room, nickname, settings, rooms, broadcaster, json);
            } catch (ChatRooms.Unavailable unavailable) {
                refuseForNow(ws, unavailable);
            } finally {
                if (rooms.leave(room, nickname)) {
                    broadcaster.publishJson(room, ChatEvent.Membership.left(nickname));
                }
            }
        });
        return app;
    }

    /** Reads the member's messages until they leave: each valid one goes to the room, each invalid one back as an error. */
    private static void converse(WebSocket ws, String room, String nickname, Settings settings, ChatRooms rooms,
            Broadcaster broadcaster, ObjectMapper json) {
        ArrayDeque<Instant> recent = new ArrayDeque<>();
        try {
            for (String text : ws.iterText()) {
                String problem = null;
                ChatEvent.Incoming incoming = null;
                try {
                    incoming = json.readValue(text, ChatEvent.Incoming.class);
                } catch (JsonProcessingException malformed) {
                    problem = "messages are JSON: {\"type\":\"message\",\"text\":\"...\"}";
                }
                if (problem == null && (incoming == null || !"message".equals(incoming.type()) || incoming.text() == null)) {
                    problem = "unknown message type; send {\"type\":\"message\",\"text\":\"...\"}";
                }
                if (problem == null && (incoming.text().isBlank() || incoming.text().length() > MAX_MESSAGE_LENGTH)) {
                    problem = "a message is 1 to " + MAX_MESSAGE_LENGTH + " characters";
                }
                Instant now = settings.clock().instant();
                if (problem == null && overRate(recent, now, settings)) {
                    problem = "slow down: at most " + settings.messagesPerWindow() + " messages every "
                            + settings.window().toSeconds() + " seconds";
                }
                if (problem != null) {
                    ws.sendJson(ChatEvent.Error.of(problem));
                    continue;
                }
                ChatEvent.Message message = ChatEvent.Message.of(nickname, incoming.text(), now.toString());
                try {
                    // history first: whoever sees the message live finds it in the history too
                    rooms.remember(room, message);
                    // waiting is cheap on a virtual thread, and tells the sender when Redis refused it
                    broadcaster.publishJson(room, message).join();
                } catch (ChatRooms.Unavailable | CompletionException failed) {
                    if (failed instanceof CompletionException && !(failed.getCause() instanceof BroadcastException)) {
                        throw failed;
                    }
                    // the Redis joining the nodes is down: say so rather than lose the message silently
                    ws.sendJson(ChatEvent.Error.of(failed instanceof ChatRooms.Unavailable
                            ? "not sent: the chat is reconnecting, try again in a moment"
                            : "kept in the room's history, but it may not have reached everyone: the chat is reconnecting"));
                }
            }
        } catch (WebSocketDisconnect gone) {
            // the page went away while we were answering it
        }
    }

    /** Tells the member why the room cannot be used now, and closes with 1013 (try again later). */
    private static void refuseForNow(WebSocket ws, ChatRooms.Unavailable why) {
        ws.sendJson(ChatEvent.Error.of(why.getMessage()));
        ws.close(CloseCode.TRY_AGAIN_LATER, "try again later");
    }

    /** Sliding window of the connection's last messages; records {@code now} when it is allowed. */
    private static boolean overRate(ArrayDeque<Instant> recent, Instant now, Settings settings) {
        Instant horizon = now.minus(settings.window());
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(horizon)) {
            recent.removeFirst();
        }
        if (recent.size() >= settings.messagesPerWindow()) {
            return true;
        }
        recent.addLast(now);
        return false;
    }

    /**
     * Serves the chat on {@code http://127.0.0.1:8000}. Options: {@code --port N}, and
     * {@code --redis URI} to join the other nodes using the same Redis — every node then needs
     * the same session key, base64 in the environment variable {@code CHAT_SESSION_KEY} (32 bytes
     * or more), so that a nickname picked on one node is valid on all. Without it a single node
     * makes a fresh key at each start.
     *
     * <pre>
     * export CHAT_SESSION_KEY=$(head -c 32 /dev/urandom | base64)
     * ./dev demo --port 8001 --redis redis://127.0.0.1:6379 &amp;
     * ./dev demo --port 8002 --redis redis://127.0.0.1:6379
     * </pre>
     *
     * @param args the options above
     */
    public static void main(String[] args) {
        int port = 8000;
        String redis = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 == args.length || !(option.equals("--port") || option.equals("--redis"))) {
                usage("unknown option or missing value: " + option);
            }
            String value = args[++i];
            if (option.equals("--port")) {
                try {
                    port = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    usage("--port takes a number, not " + value);
                }
            } else {
                redis = value;
            }
        }
        String origin = "http://127.0.0.1:" + port;
        Settings settings = Settings.local(origin, sessionKey(redis != null));
        if (redis != null) {
            settings = settings.withRedis(redis);
        }
        System.out.println("chat on " + origin + "/ (open it in two windows)"
                + (redis == null ? "" : ", rooms shared through Redis at " + hostAndPort(redis)));
        create(settings).run(port);
    }

    /** The Redis's address without its password, for the console. */
    private static String hostAndPort(String redisUri) {
        io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.create(redisUri);
        return uri.getHost() + ":" + uri.getPort();
    }

    private static byte[] sessionKey(boolean shared) {
        String configured = System.getenv("CHAT_SESSION_KEY");
        if (configured == null || configured.isBlank()) {
            if (shared) {
                usage("nodes joined by Redis share a session key: set CHAT_SESSION_KEY to the same 32 random bytes "
                        + "in base64 for each, e.g. export CHAT_SESSION_KEY=$(head -c 32 /dev/urandom | base64)");
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return key;
        }
        byte[] key = null;
        try {
            key = Base64.getDecoder().decode(configured.replaceAll("\\s", "")); // base64 wraps long keys
        } catch (IllegalArgumentException e) {
            usage("CHAT_SESSION_KEY is not base64: " + e.getMessage());
        }
        if (key.length < 32) {
            usage("CHAT_SESSION_KEY holds " + key.length + " bytes; it needs at least 32");
        }
        return key;
    }

    private static void usage(String problem) {
        System.err.println("chat: " + problem);
        System.err.println("usage: ChatApp [--port N] [--redis redis://host:6379]   (./dev demo [options])");
        System.exit(2);
    }
}
