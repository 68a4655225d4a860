package io.veloce;

import io.veloce.http.JsonCodec;
import io.veloce.http.Response;
import io.veloce.middleware.Middleware;
import io.veloce.routing.RouteMatch;
import io.veloce.server.Exchange;
import io.veloce.websocket.CloseCode;
import io.veloce.websocket.InvalidMessageException;
import io.veloce.websocket.WebSocketDisconnect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection from handshake to end, on the thread the transport dispatches it on:
 * checks the handshake, runs app middleware, router middleware and the handler while the
 * handshake is held open, and applies the lifecycle table of the spec to however they end.
 */
final class WebSocketDispatch {

    private static final Logger log = LoggerFactory.getLogger(Veloce.class);

    private final Pipeline pipeline;
    private final Middleware[] middleware;
    private final JsonCodec json;

    WebSocketDispatch(Pipeline pipeline, Middleware[] middleware, JsonCodec json) {
        this.pipeline = pipeline;
        this.middleware = middleware;
        this.json = json;
    }

    void serve(Exchange exchange, ExchangeRequest request, RouteMatch<WebSocketEndpoint> match) {
        Response malformed = Handshake.check(exchange);
        if (malformed != null) {
            pipeline.send(exchange, request, malformed);
            return;
        }
        request.bind(match);
        WebSocketEndpoint endpoint = match.target();
        ExchangeWebSocket ws = new ExchangeWebSocket(exchange, request, endpoint.settings(), json);
        try {
            WebSocketChain.run(middleware, endpoint::handle, ws);
            if (!ws.answered()) {
                log.warn("WebSocket handler for {} returned without accept() or close(): handshake refused",
                        request.rawPath());
                ws.refuse(CloseCode.NORMAL, "");
            }
        } catch (WebSocketDisconnect disconnect) {
            if (!ws.answered()) {
                ws.refuse(CloseCode.isSendable(disconnect.code()) ? disconnect.code() : CloseCode.NORMAL,
                        disconnect.reason());
            }
            // after accept: the peer or the transport ended the connection, a normal end
        } catch (InvalidMessageException invalid) {
            if (ws.accepted()) {
                log.debug("closing WebSocket {} with 1007: {}", request.rawPath(), invalid.getMessage());
                ws.close(CloseCode.INVALID_PAYLOAD, CloseCode.fitReason(invalid.getMessage()));
            } else {
                failedBeforeAccept(exchange, request, invalid);
            }
        } catch (Throwable error) {
            if (!ws.answered()) {
                failedBeforeAccept(exchange, request, error);
            } else {
                log.error("WebSocket handler for {} failed{}", request.rawPath(),
                        ws.accepted() ? "; closing with 1011" : " after refusing the handshake", error);
                exchange.unhandledError(error);
                if (ws.accepted()) {
                    ws.close(CloseCode.INTERNAL_ERROR, "internal error");
                }
            }
        } finally {
            ws.leaveAllChannels();
            if (ws.accepted()) {
                ws.close(); // a no-op when already closed
            }
        }
    }

    /** Before accept the handshake is still an HTTP request: the error becomes its HTTP answer. */
    private void failedBeforeAccept(Exchange exchange, ExchangeRequest request, Throwable error) {
        pipeline.send(exchange, request, pipeline.recover(exchange, request, error));
    }
}
