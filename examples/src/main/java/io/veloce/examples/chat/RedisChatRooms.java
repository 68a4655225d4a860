package io.veloce.examples.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
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
 *     last leaves, and renews its entries every {@link #HEARTBEAT}. A node that dies without
 *     saying goodbye leaves entries that expire within {@link #PRESENCE_TTL}; the next heartbeat
 *     of a node with members in that room removes them and reports the nicknames that are gone
 *     everywhere (see {@link #whenGone}), so the room hears that they left. "Joined" and "left"
 *     are announced only for a nickname's first and last connection across all nodes.</li>
 * <li><b>History</b> is a list per room holding the last {@link #HISTORY} messages as JSON,
 *     expiring a week after the room's last message. At most {@code maxRooms} rooms keep a
 *     history: a message to one more room drops the history of the room silent the longest, so
 *     that inventing room names cannot fill Redis either.</li>
 * </ul>
 *
 * Every change is one Lua script, so two nodes never see a half-made update, and this node's
 * count of a nickname's connections changes together with its Redis entry (a lock per room), so
 * a heartbeat never brings back an entry a leave just removed. A node that stalled past the TTL
 * (its members were announced gone meanwhile) announces them back on its next heartbeat (see
 * {@link #whenBack}). While Redis is unreachable the
 * operations fail with {@link ChatRooms.Unavailable} within {@link #TIMEOUT}; keys are those of a
 * standalone Redis (the history script names the rooms it drops itself).
 */
final class RedisChatRooms implements ChatRooms, AutoCloseable {

    static final Duration PRESENCE_TTL = Duration.ofSeconds(30);
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    static final Duration HISTORY_TTL = Duration.ofDays(7);
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final String KEY_PREFIX = "veloce-chat:";
    private static final String ROOMS_KEY = KEY_PREFIX + "rooms";
    private static final Logger LOG = LoggerFactory.getLogger(RedisChatRooms.class);

    /**
     * Redis's time in milliseconds, and the helpers every presence script uses (KEYS[1]: the
     * room's set; the last ARGV: the TTL in ms). TIME before writes needs effects replication,
     * the default from Redis 5 and the only mode from 7.
     */
    private static final String PRESENCE = """
            if redis.replicate_commands then redis.replicate_commands() end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local ttl = tonumber(ARGV[#ARGV])
            -- the nickname of an entry; nil for anything this chat did not write
            local function nick_of(entry)
              local newline = string.find(entry, '\\n', 1, true)
              return newline and string.sub(entry, 1, newline - 1)
            end
            -- whether nick has a live entry from a node other than node (from any node when node is
            -- nil); expired ones of nick are dropped on the way, as its join or leave is being announced
            local function elsewhere(nick, node)
              local mine = node and (nick .. '\\n' .. node)
              local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
              local live = false
              for i = 1, #entries, 2 do
                local entry = entries[i]
                if nick_of(entry) == nick and entry ~= mine then
                  if tonumber(entries[i + 1]) > now then live = true else redis.call('ZREM', KEYS[1], entry) end
                end
              end
              return live
            end
            -- the set outlives its longest-lived entry by a TTL, so that a heartbeat still finds
            -- expired entries (and announces them) when no node could renew for a while
            local function keep()
              local top = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
              if top[2] then redis.call('PEXPIREAT', KEYS[1], tonumber(top[2]) + ttl) end
            end
            """;

    /** ARGV: nickname, node, ttl ms. Returns 1 when the nickname was live on no other node. */
    private static final String ENTER = PRESENCE + """
            local first = not elsewhere(ARGV[1], ARGV[2])
            redis.call('ZADD', KEYS[1], now + ttl, ARGV[1] .. '\\n' .. ARGV[2])
            keep()
            return first and 1 or 0
            """;

    /** ARGV: nickname, node, ttl ms. Returns 1 when the nickname is now live on no node. */
    private static final String LEAVE = PRESENCE + """
            redis.call('ZREM', KEYS[1], ARGV[1] .. '\\n' .. ARGV[2])
            return elsewhere(ARGV[1], ARGV[2]) and 0 or 1
            """;

    /**
     * ARGV: node, this node's nicknames in the room, ttl ms. Renews their entries and drops the
     * expired ones. Returns two lists: the nicknames now live on no node (gone), and this node's
     * nicknames whose entry had been dropped meanwhile while live nowhere else (back: the node
     * stalled past the TTL and another announced them gone).
     */
    private static final String RENEW = PRESENCE + """
            local back = {}
            for i = 2, #ARGV - 1 do
              local nick = ARGV[i]
              local elsewhere_before = elsewhere(nick, ARGV[1])
              local added = redis.call('ZADD', KEYS[1], now + ttl, nick .. '\\n' .. ARGV[1])
              if added == 1 and not elsewhere_before then table.insert(back, nick) end
            end
            local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            local gone, seen = {}, {}
            for _, entry in ipairs(expired) do
              local nick = nick_of(entry)
              if nick and not seen[nick] then
                seen[nick] = true
                if not elsewhere(nick, nil) then table.insert(gone, nick) end
              end
            end
            keep()
            return {gone, back}
            """;

    /** ARGV: ttl ms. Returns the entries alive now. */
    private static final String PRESENT = PRESENCE + """
            return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')
            """;

    /**
     * KEYS: the room's history, the rooms by last message. ARGV: message JSON, history length,
     * ttl ms, room, most rooms kept, history key prefix.
     */
    private static final String REMEMBER = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('LPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('ZADD', KEYS[2], now, ARGV[4])
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[3]))
            local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
            if over > 0 then
              for _, room in ipairs(redis.call('ZRANGE', KEYS[2], 0, over - 1)) do
                redis.call('DEL', ARGV[6] .. room .. ':history')
              end
              redis.call('ZREMRANGEBYRANK', KEYS[2], 0, over - 1)
            end
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            return 1
            """;

    private final String node = UUID.randomUUID().toString();
    /** This node's connections: when a nickname's first one enters or last one leaves here, and what to renew. */
    private final LocalChatRooms here = new LocalChatRooms();
    /**
     * Make a change to {@link #here} and its Redis update one step, per room (striped, so that a
     * slow Redis call in one room does not hold up the others; ReentrantLocks: no pinning of
     * virtual threads on Java 21).
     */
    private final ReentrantLock[] locks = new ReentrantLock[64];
    private final ObjectMapper json;
    private final Duration presenceTtl;
    private final Duration heartbeatPeriod;
    private final int maxRooms;
    private final ClientResources resources;
    private final RedisClient client;
    private final ScheduledExecutorService heartbeat;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile BiConsumer<String, String> whenGone = (room, nickname) -> { };
    private volatile BiConsumer<String, String> whenBack = (room, nickname) -> { };

    /**
     * Prepares rooms on the Redis at {@code redisUri}; {@link #start()} connects.
     *
     * @throws IllegalArgumentException when {@code redisUri} is not a Redis URI
     */
    RedisChatRooms(String redisUri, ObjectMapper json) {
        this(redisUri, json, PRESENCE_TTL, HEARTBEAT, LocalChatRooms.MAX_ROOMS);
    }

    /** As above, with a presence TTL, heartbeat period and room bound other than the defaults (for tests). */
    RedisChatRooms(String redisUri, ObjectMapper json, Duration presenceTtl, Duration heartbeatPeriod, int maxRooms) {
        this.json = json;
        this.presenceTtl = presenceTtl;
        this.heartbeatPeriod = heartbeatPeriod;
        this.maxRooms = maxRooms;
        RedisURI uri = RedisURI.create(redisUri);
        uri.setTimeout(TIMEOUT);
        // as veloce-redis's engine does: short timeouts, keepalive, back within 10 s of an outage
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(10), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        this.client.setOptions(ClientOptions.builder()
                // while Redis is away, fail at once rather than queue commands a member is waiting on
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).keepAlive(true).build())
                .build());
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("chat-presence-heartbeat").factory());
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    private ReentrantLock lockOf(String room) {
        return locks[Math.floorMod(room.hashCode(), locks.length)];
    }

    /** Sets what to do when a heartbeat finds a nickname gone from a room: its node died. Before {@link #start()}. */
    void whenGone(BiConsumer<String, String> listener) {
        this.whenGone = listener;
    }

    /**
     * Sets what to do when a heartbeat finds that one of this node's nicknames had been dropped
     * (this node stalled past the TTL, and the room heard they left). Before {@link #start()}.
     */
    void whenBack(BiConsumer<String, String> listener) {
        this.whenBack = listener;
    }

    /** Connects (failing when Redis cannot be reached, after releasing what it made) and starts renewing this node's presence. */
    void start() {
        try {
            connection = client.connect();
        } catch (RuntimeException e) {
            close(); // a failed start runs no shutdown hook
            throw e;
        }
        long period = heartbeatPeriod.toMillis();
        heartbeat.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops the heartbeat, takes this node's remaining entries out of Redis (best effort) and disconnects. */
    @Override
    public void close() {
        heartbeat.shutdown();
        try {
            // a beat under way would put back what is removed below
            heartbeat.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (connection != null) {
            for (var room : here.occupied().entrySet()) {
                String[] entries = room.getValue().stream().map(nickname -> nickname + "\n" + node).toArray(String[]::new);
                try {
                    redis().zrem(presenceKey(room.getKey()), entries);
                } catch (RuntimeException e) {
                    LOG.debug("could not remove this node's presence in {} (it expires by itself): {}", room.getKey(),
                            e.toString());
                }
            }
        }
        client.shutdown(Duration.ZERO, TIMEOUT);
        resources.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private RedisCommands<String, String> redis() {
        StatefulRedisConnection<String, String> open = connection;
        if (open == null) {
            throw new IllegalStateException("the chat's Redis rooms are not started");
        }
        return open.sync();
    }

    /** Runs a Redis call, turning Redis failures into the chat's own. */
    private static <T> T call(Supplier<T> redisCall) {
        try {
            return redisCall.get();
        } catch (RedisException e) {
            throw new Unavailable("the chat cannot reach its store; try again in a moment", e);
        }
    }

    private static String presenceKey(String room) {
        return KEY_PREFIX + room + ":presence";
    }

    private static String historyKey(String room) {
        return KEY_PREFIX + room + ":history";
    }

    @Override
    public boolean enter(String room, String who) {
        ReentrantLock lock = lockOf(room);
        lock.lock();
        try {
            if (!here.enter(room, who)) {
                return false; // already here on another tab: neither new here nor anywhere
            }
            try {
                Long first = call(() -> redis().eval(ENTER, ScriptOutputType.INTEGER, new String[] {presenceKey(room)},
                        who, node, ttlArg()));
                return first == 1L;
            } catch (RuntimeException e) {
                here.leave(room, who); // not entered after all: the caller refuses the connection
                try {
                    redis().zrem(presenceKey(room), who + "\n" + node); // in case the script ran and only its answer was lost
                } catch (RuntimeException unreachable) {
                    // then the entry expires, and is announced gone, within the TTL
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private String ttlArg() {
        return Long.toString(presenceTtl.toMillis());
    }

    /** {@inheritDoc} While Redis is unreachable: false, and the entry expires by itself (announced then). */
    @Override
    public boolean leave(String room, String who) {
        ReentrantLock lock = lockOf(room);
        lock.lock();
        try {
            if (!here.leave(room, who)) {
                return false;
            }
            Long last = redis().eval(LEAVE, ScriptOutputType.INTEGER, new String[] {presenceKey(room)}, who, node,
                    ttlArg());
            return last == 1L;
        } catch (RedisException e) {
            LOG.debug("could not leave {} in Redis (the entry expires by itself): {}", room, e.toString());
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> present(String room) {
        List<String> entries = call(() -> redis().eval(PRESENT, ScriptOutputType.MULTI, new String[] {presenceKey(room)},
                ttlArg()));
        TreeSet<String> nicknames = new TreeSet<>();
        for (String entry : entries) {
            int newline = entry.indexOf('\n');
            if (newline > 0) { // anything else was not written by this chat
                nicknames.add(entry.substring(0, newline));
            }
        }
        return List.copyOf(nicknames);
    }

    @Override
    public void remember(String room, ChatEvent.Message message) {
        String text;
        try {
            text = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a chat message could not be written as JSON", e);
        }
        call(() -> redis().eval(REMEMBER, ScriptOutputType.INTEGER, new String[] {historyKey(room), ROOMS_KEY},
                text, Integer.toString(HISTORY), Long.toString(HISTORY_TTL.toMillis()), room,
                Integer.toString(maxRooms), KEY_PREFIX));
    }

    @Override
    public List<ChatEvent.Message> history(String room) {
        List<String> newestFirst = call(() -> redis().lrange(historyKey(room), 0, HISTORY - 1));
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

    /**
     * Renews this node's presence entries; reports the nicknames whose nodes stopped renewing
     * theirs, and this node's nicknames that had been reported gone while it stalled.
     */
    private void renew() {
        for (String room : here.occupied().keySet()) {
            List<Object> news = List.of(List.of(), List.of());
            ReentrantLock lock = lockOf(room);
            lock.lock();
            try {
                List<String> present = here.present(room); // now, not when the beat started: a leave may have come between
                if (present.isEmpty()) {
                    continue;
                }
                List<String> args = new ArrayList<>(present.size() + 2);
                args.add(node);
                args.addAll(present);
                args.add(ttlArg());
                news = redis().eval(RENEW, ScriptOutputType.MULTI, new String[] {presenceKey(room)},
                        args.toArray(String[]::new));
            } catch (RuntimeException e) {
                // any failure: a dead heartbeat would drop every member of this node 30 s later
                LOG.debug("could not renew the presence in {}: {}", room, e.toString());
            } finally {
                lock.unlock();
            }
            tell(whenGone, room, news.get(0));
            tell(whenBack, room, news.get(1));
        }
    }

    private static void tell(BiConsumer<String, String> listener, String room, Object nicknames) {
        for (Object nickname : (List<?>) nicknames) {
            try {
                listener.accept(room, (String) nickname);
            } catch (RuntimeException e) {
                LOG.warn("announcing a presence change of {} in {} failed: {}", nickname, room, e.toString());
            }
        }
    }
}
