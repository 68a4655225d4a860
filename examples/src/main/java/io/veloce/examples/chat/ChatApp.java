package io.veloce.examples.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veloce.Veloce;
import io.veloce.di.Dependency;
import io.veloce.http.HttpException;
import io.veloce.middleware.security.SecurityHeadersMiddleware;
import io.veloce.middleware.security.SessionMiddleware;
import io.veloce.middleware.security.WebSocketOriginMiddleware;
import io.veloce.staticfiles.StaticFiles;
import io.veloce.websocket.Broadcaster;
import io.veloce.websocket.WebSocket;
import io.veloce.websocket.WebSocketDisconnect;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The chat demo: pick a nickname and a room, see who is there and the last 50 messages, talk.
 * Built the way the docs recommend: secure defaults, an Origin check on the WebSocket (only the
 * chat's own page may open it), the nickname in a signed session cookie, the current user as a
 * dependency shared by HTTP and WebSocket routes, a small typed JSON protocol, and limits on
 * message length and rate with errors the page shows. Rooms are channels of the app's
 * {@code Broadcaster}: in memory on one node, or on Redis across nodes.
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
     */
    public record Settings(List<String> origins, byte[] sessionKey, boolean secureCookies, int messagesPerWindow,
            Duration window, Clock clock) {

        /** Checks the settings. */
        public Settings {
            origins = List.copyOf(origins);
            Objects.requireNonNull(sessionKey, "sessionKey");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(clock, "clock");
        }

        /** The settings for a chat served at {@code origin} over plain HTTP on loopback, with a fresh key. */
        public static Settings local(String origin) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return new Settings(List.of(origin), key, false, 5, Duration.ofSeconds(5), Clock.systemUTC());
        }
    }

    private ChatApp() {
    }

    /** Builds the chat app (not started), with the in-memory broadcaster unless {@code app} gets another engine. */
    public static Veloce create(Settings settings) {
        Veloce app = new Veloce();
        ObjectMapper json = app.objectMapper();
        ChatRooms rooms = new ChatRooms();
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
            broadcaster.join(room, ws);
            if (rooms.enter(room, nickname)) {
                broadcaster.publishJson(room, ChatEvent.Membership.joined(nickname));
            }
            try {
                ws.sendJson(ChatEvent.History.of(rooms.history(room)));
                ws.sendJson(ChatEvent.Presence.of(room, rooms.present(room)));
                converse(ws, room, nickname, settings, rooms, broadcaster, json);
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
                rooms.remember(room, message);
                broadcaster.publishJson(room, message);
            }
        } catch (WebSocketDisconnect gone) {
            // the page went away while we were answering it
        }
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

    /** Serves the chat on http://127.0.0.1:8000 (or the port given as the first argument). */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8000;
        Settings settings = Settings.local("http://127.0.0.1:" + port);
        System.out.println("chat on http://127.0.0.1:" + port + "/ (open it in two windows)");
        create(settings).run(port);
    }
}
