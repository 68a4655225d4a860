package io.veloce.websocket;

/**
 * What went over a WebSocket so far, in whole messages: counts and payload bytes (text counted
 * as UTF-8), without frame headers, pings or the Close frame. Read with
 * {@link WebSocket#traffic()}, e.g. by an access log once the connection is over.
 *
 * @param messagesReceived messages the handler received
 * @param bytesReceived their payload bytes
 * @param messagesSent messages the app sent
 * @param bytesSent their payload bytes
 */
public record WebSocketTraffic(long messagesReceived, long bytesReceived, long messagesSent, long bytesSent) {
}
