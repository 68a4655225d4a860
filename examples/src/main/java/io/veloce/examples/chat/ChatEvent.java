package io.veloce.examples.chat;

import java.util.List;

/**
 * What the server sends to a chat page, as JSON with a {@code type} field the page switches on.
 * The protocol is small on purpose: the page sends only {@code {"type":"message","text":...}}.
 */
public sealed interface ChatEvent {

    /**
     * A message someone sent to the room.
     *
     * @param type always {@code "message"}
     * @param from the sender's nickname
     * @param text what they wrote, 1 to {@value ChatApp#MAX_MESSAGE_LENGTH} characters, as sent
     *     (the page inserts it as text, never as HTML)
     * @param at when the server received it, ISO-8601 in UTC
     */
    record Message(String type, String from, String text, String at) implements ChatEvent {
        static Message of(String from, String text, String at) {
            return new Message("message", from, text, at);
        }
    }

    /**
     * The last messages of the room, sent once to whoever joins.
     *
     * @param type always {@code "history"}
     * @param messages the room's last 50 messages at most, oldest first
     */
    record History(String type, List<Message> messages) implements ChatEvent {
        static History of(List<Message> messages) {
            return new History("history", messages);
        }
    }

    /**
     * Who is in the room (on every node, with Redis), sent once to whoever joins.
     *
     * @param type always {@code "presence"}
     * @param room the room's name
     * @param members the nicknames present, sorted, the newcomer's included
     */
    record Presence(String type, String room, List<String> members) implements ChatEvent {
        static Presence of(String room, List<String> members) {
            return new Presence("presence", room, members);
        }
    }

    /**
     * Someone joined or left the room: sent when a nickname's first connection arrives and when
     * its last one goes, not for each tab.
     *
     * @param type {@code "joined"} or {@code "left"}
     * @param who the nickname
     */
    record Membership(String type, String who) implements ChatEvent {
        static Membership joined(String who) {
            return new Membership("joined", who);
        }

        static Membership left(String who) {
            return new Membership("left", who);
        }
    }

    /**
     * Something the sender did wrong, or a message that could not be sent, told to the sender
     * only: the page shows it.
     *
     * @param type always {@code "error"}
     * @param error what was wrong, in words for the person typing
     */
    record Error(String type, String error) implements ChatEvent {
        static Error of(String error) {
            return new Error("error", error);
        }
    }

    /**
     * What the page sends.
     *
     * @param type {@code "message"}, the only kind; anything else is answered with an error
     * @param text the message
     */
    record Incoming(String type, String text) {
    }
}
