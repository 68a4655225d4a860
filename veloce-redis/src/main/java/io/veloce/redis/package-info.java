/**
 * Redis for Veloce apps that run on several nodes: {@link io.veloce.redis.RedisBroadcastEngine}
 * carries {@code app.broadcaster()} messages between the nodes over Redis pub/sub, and
 * {@link io.veloce.redis.RedisRateLimitStore} keeps {@code RateLimitMiddleware}'s token buckets
 * in Redis so that a limit holds across the nodes.
 *
 * <p>Both use Lettuce, the Redis client maintained by Redis: it is built on Netty like Veloce (one
 * transport stack, held to Veloce's Netty version), fully asynchronous, and its pub/sub connections
 * subscribe again by themselves after a reconnect. Both fail fast while Redis is unreachable — a
 * command is refused at once rather than queued until Redis is back — and log an outage once, not
 * once per reconnect attempt.
 */
package io.veloce.redis;
