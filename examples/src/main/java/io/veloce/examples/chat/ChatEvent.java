package io.veloce.examples.chat;

import java.util.List;

/**
 * What the server sends to a chat page, as JSON with a {@code type} field the page switches on.
 * The protocol is small on purpose: the page sends only {@code {"type":"message","text":...}}.
 */
public sealed interface ChatEvent {

    /** A message someone sent to the room. */
    record Message(String type, String from, String text, String at) implements ChatEvent {
        static Message of(String from, String text, String at) {
            return new Message("message", from, text, at);
        }
    }

    /** The last messages of the room, sent once to whoever joins. */
    record History(String type, List<Message> messages) implements ChatEvent {
        static History of(List<Message> messages) {
            return new History("history", messages);
        }
    }

    /** Who is in the room (on this node), sent once to whoever joins. */
    record Presence(String type, String room, List<String> members) implements ChatEvent {
        static Presence of(String room, List<String> members) {
            return new Presence("presence", room, members);
        }
    }

    /** Someone joined ({@code "joined"}) or left ({@code "left"}) the room. */
    record Membership(String type, String who) implements ChatEvent {
        static Membership joined(String who) {
            return new Membership("joined", who);
        }

        static Membership left(String who) {
            return new Membership("left", who);
        }
    }

    /** Something the sender did wrong, sent to the sender only: the page shows it. */
    record Error(String type, String error) implements ChatEvent {
        static Error of(String error) {
            return new Error("error", error);
        }
    }

    /** What the page sends. */
    record Incoming(String type, String text) {
    }
}
