package io.veloce.examples.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms in Redis, shared by every node of the chat, so that each node shows the same people
 * and history whichever node a member is connected to.
 *
 * <ul>
 * <li><b>Presence</b> is a sorted set per room of {@code nickname\nnode} entries whose score is
 *     when the entry expires (Redis's clock, so nodes' clocks do not matter). A node adds its entry
 *     for a nickname when that nickname's first connection on the node enters, removes it when the
 *     last leaves, and renews its entries every {@link #HEARTBEAT}: a node that dies without
 *     saying goodbye drops out of the room within {@link #PRESENCE_TTL}. "Joined" and "left" are
 *     announced only for a nickname's first and last connection across all nodes.</li>
 * <li><b>History</b> is a list per room holding the last {@link #HISTORY} messages as JSON,
 *     expiring a week after the room's last message.</li>
 * </ul>
 *
 * Every change is one Lua script, so two nodes never see a half-made update. While Redis is
 * unreachable the operations fail with Lettuce's {@link RedisException} after {@link #TIMEOUT}.
 */
final class RedisChatRooms implements ChatRooms, AutoCloseable {

    static final Duration PRESENCE_TTL = Duration.ofSeconds(30);
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    static final Duration HISTORY_TTL = Duration.ofDays(7);
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String KEY_PREFIX = "veloce-chat:";
    private static final Logger LOG = LoggerFactory.getLogger(RedisChatRooms.class);

    /** Server time in milliseconds; entries whose score is not after it have expired. */
    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            """;

    /** Whether a nickname (ARGV[1]) has an entry from another node (ARGV[2]) in the room. */
    private static final String ELSEWHERE = """
            local function elsewhere(nick, node)
              local prefix = nick .. '\\n'
              for _, entry in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
                if string.sub(entry, 1, #prefix) == prefix and entry ~= prefix .. node then
                  return true
                end
              end
              return false
            end
            """;

    /** ARGV: nickname, node, ttl ms. Returns 1 when the nickname was present on no other node. */
    private static final String ENTER = NOW + ELSEWHERE + """
            local first = not elsewhere(ARGV[1], ARGV[2])
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1] .. '\\n' .. ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return first and 1 or 0
            """;

    /** ARGV: nickname, node. Returns 1 when the nickname is now present on no node. */
    private static final String LEAVE = NOW + ELSEWHERE + """
            redis.call('ZREM', KEYS[1], ARGV[1] .. '\\n' .. ARGV[2])
            return elsewhere(ARGV[1], ARGV[2]) and 0 or 1
            """;

    /** ARGV: node, ttl ms, nicknames... Renews this node's entries. */
    private static final String RENEW = NOW + """
            for i = 3, #ARGV do
              redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[i] .. '\\n' .. ARGV[1])
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return #ARGV - 2
            """;

    /** Returns the entries alive now. */
    private static final String PRESENT = NOW + """
            return redis.call('ZRANGE', KEYS[1], 0, -1)
            """;

    /** ARGV: message JSON, history length, ttl ms. */
    private static final String REMEMBER = """
            redis.call('LPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;

    private final String node = UUID.randomUUID().toString();
    /** This node's connections: when a nickname's first one enters or last one leaves here, and what to renew. */
    private final LocalChatRooms here = new LocalChatRooms();
    private final ObjectMapper json;
    private final Duration presenceTtl;
    private final Duration heartbeatPeriod;
    private final RedisClient client;
    private final ScheduledExecutorService heartbeat;
    private volatile StatefulRedisConnection<String, String> connection;

    /**
     * Prepares rooms on the Redis at {@code redisUri}; {@link #start()} connects.
     *
     * @throws IllegalArgumentException when {@code redisUri} is not a Redis URI
     */
    RedisChatRooms(String redisUri, ObjectMapper json) {
        this(redisUri, json, PRESENCE_TTL, HEARTBEAT);
    }

    /** As above, with a presence TTL and heartbeat period other than the defaults (for tests). */
    RedisChatRooms(String redisUri, ObjectMapper json, Duration presenceTtl, Duration heartbeatPeriod) {
        this.json = json;
        this.presenceTtl = presenceTtl;
        this.heartbeatPeriod = heartbeatPeriod;
        RedisURI uri = RedisURI.create(redisUri);
        uri.setTimeout(TIMEOUT);
        this.client = RedisClient.create(uri);
        // while Redis is away, fail at once rather than queue commands a member is waiting on
        this.client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("chat-presence-heartbeat").factory());
    }

    /** Connects (failing when Redis cannot be reached) and starts renewing this node's presence. */
    void start() {
        connection = client.connect();
        long period = heartbeatPeriod.toMillis();
        heartbeat.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        client.shutdown(Duration.ZERO, TIMEOUT);
    }

    private RedisCommands<String, String> redis() {
        StatefulRedisConnection<String, String> open = connection;
        if (open == null) {
            throw new IllegalStateException("the chat's Redis rooms are not started");
        }
        return open.sync();
    }

    private static String presenceKey(String room) {
        return KEY_PREFIX + room + ":presence";
    }

    private static String historyKey(String room) {
        return KEY_PREFIX + room + ":history";
    }

    @Override
    public boolean enter(String room, String who) {
        if (!here.enter(room, who)) {
            return false; // already here on another tab: neither new here nor anywhere
        }
        try {
            Long first = redis().eval(ENTER, ScriptOutputType.INTEGER, new String[] {presenceKey(room)}, who, node,
                    Long.toString(presenceTtl.toMillis()));
            return first == 1L;
        } catch (RuntimeException e) {
            here.leave(room, who); // not entered after all: the caller refuses the connection
            throw e;
        }
    }

    @Override
    public boolean leave(String room, String who) {
        if (!here.leave(room, who)) {
            return false;
        }
        Long last = redis().eval(LEAVE, ScriptOutputType.INTEGER, new String[] {presenceKey(room)}, who, node);
        return last == 1L;
    }

    @Override
    public List<String> present(String room) {
        List<String> entries = redis().eval(PRESENT, ScriptOutputType.MULTI, new String[] {presenceKey(room)});
        TreeSet<String> nicknames = new TreeSet<>();
        for (String entry : entries) {
            nicknames.add(entry.substring(0, entry.indexOf('\n')));
        }
        return List.copyOf(nicknames);
    }

    @Override
    public void remember(String room, ChatEvent.Message message) {
        try {
            redis().eval(REMEMBER, ScriptOutputType.INTEGER, new String[] {historyKey(room)},
                    json.writeValueAsString(message), Integer.toString(HISTORY), Long.toString(HISTORY_TTL.toMillis()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a chat message could not be written as JSON", e);
        }
    }

    @Override
    public List<ChatEvent.Message> history(String room) {
        List<String> newestFirst = redis().lrange(historyKey(room), 0, HISTORY - 1);
        List<ChatEvent.Message> messages = new ArrayList<>(newestFirst.size());
        for (String text : newestFirst) {
            try {
                messages.add(json.readValue(text, ChatEvent.Message.class));
            } catch (JsonProcessingException e) {
                LOG.warn("skipped an entry of {} that is not a chat message", historyKey(room));
            }
        }
        Collections.reverse(messages);
        return messages;
    }

    /** Renews this node's presence entries, so that they outlive the TTL while the members stay. */
    private void renew() {
        for (Map.Entry<String, List<String>> room : here.occupied().entrySet()) {
            List<String> args = new ArrayList<>(room.getValue().size() + 2);
            args.add(node);
            args.add(Long.toString(presenceTtl.toMillis()));
            args.addAll(room.getValue());
            try {
                redis().eval(RENEW, ScriptOutputType.INTEGER, new String[] {presenceKey(room.getKey())},
                        args.toArray(String[]::new));
            } catch (RedisException e) {
                // Lettuce logs the lost connection itself; the next beat tries again
                LOG.debug("could not renew the presence in {}: {}", room.getKey(), e.toString());
            }
        }
    }
}
