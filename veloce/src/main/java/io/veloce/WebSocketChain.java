package io.veloce;

import io.veloce.middleware.Middleware;
import io.veloce.middleware.WebSocketNext;
import io.veloce.websocket.WebSocket;

/** Runs a WebSocket through middleware's WebSocket hooks, outermost first, and then {@code end}. */
record WebSocketChain(Middleware[] middleware, int index, WebSocketNext end) implements WebSocketNext {

    static void run(Middleware[] middleware, WebSocketNext end, WebSocket ws) throws Exception {
        if (middleware.length == 0) {
            end.handle(ws);
        } else {
            new WebSocketChain(middleware, 0, end).handle(ws);
        }
    }

    @Override
    public void handle(WebSocket ws) throws Exception {
        WebSocketNext next = index + 1 < middleware.length ? new WebSocketChain(middleware, index + 1, end) : end;
        middleware[index].handleWebSocket(ws, next);
    }
}
