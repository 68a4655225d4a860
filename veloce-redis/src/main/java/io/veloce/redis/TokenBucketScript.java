package io.veloce.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The token bucket of {@link RedisRateLimitStore} as one Lua script, so that reading, refilling
 * and taking a token is atomic across every node. It runs by its SHA-1 ({@code EVALSHA}), sending
 * the source only when Redis does not have it yet (after a restart, say).
 *
 * <p>The same arithmetic as {@code InMemoryRateLimitStore}: a bucket holds up to
 * {@code capacity} tokens and refills at {@code capacity} per period; a missing bucket is a full
 * one. The clock is Redis's ({@code TIME}), in microseconds, so that the nodes' clocks need not
 * agree. A bucket expires ({@code PEXPIRE}) when it would be full again, which changes nothing
 * and keeps Redis's memory bounded by the clients active within one period.
 */
final class TokenBucketScript {

    /**
     * KEYS[1] the bucket; ARGV[1] capacity; ARGV[2] period in microseconds. Returns 0, or the
     * microseconds to wait. Multiplies before dividing, so whole numbers stay exact.
     */
    static final String SOURCE = """
            local capacity = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(bucket[1])
            local at = tonumber(bucket[2])
            if tokens == nil or at == nil then
              tokens = capacity
              at = now
            end
            tokens = math.min(capacity, tokens + math.max(0, now - at) * capacity / period)
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
            else
              wait = math.ceil((1 - tokens) * period / capacity)
            end
            redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%.17g', now))
            redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((capacity - tokens) * period / capacity / 1000)))
            return wait
            """;

    static final String SHA1 = sha1(SOURCE);

    private TokenBucketScript() {
    }

    /**
     * Takes a token from {@code key}'s bucket.
     *
     * @return 0 when taken, otherwise the microseconds until one is available
     */
    static long run(RedisCommands<String, String> redis, String key, int capacity, long periodMicros) {
        String[] keys = {key};
        String capacityArg = Integer.toString(capacity);
        String periodArg = Long.toString(periodMicros);
        Long wait;
        try {
            wait = redis.evalsha(SHA1, ScriptOutputType.INTEGER, keys, capacityArg, periodArg);
        } catch (RedisNoScriptException notLoaded) {
            wait = redis.eval(SOURCE, ScriptOutputType.INTEGER, keys, capacityArg, periodArg); // loads it, too
        }
        return wait == null ? 0 : wait;
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
