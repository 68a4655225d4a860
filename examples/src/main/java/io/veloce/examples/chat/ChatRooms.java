package io.veloce.examples.chat;

import java.util.List;

/**
 * What the chat remembers about its rooms: who is present (a nickname may be open in several tabs,
 * on several nodes) and the last {@link #HISTORY} messages of each room. {@link LocalChatRooms}
 * keeps it in this node's memory; {@link RedisChatRooms} in Redis, so that every node of a
 * two-node chat shows the same people and the same history.
 */
interface ChatRooms {

    /** Messages a newcomer is shown. */
    int HISTORY = 50;

    /**
     * Counts one more connection of {@code who} in {@code room}.
     *
     * @return whether {@code who} was not present before, anywhere: the room should hear that they joined
     * @throws TooManyRooms when {@code room} is new and this node keeps as many rooms as it may
     * @throws Unavailable when the rooms' store cannot be reached
     */
    boolean enter(String room, String who);

    /**
     * Counts one connection of {@code who} in {@code room} less.
     *
     * @return whether that was their last one anywhere: the room should hear that they left
     */
    boolean leave(String room, String who);

    /**
     * Returns the nicknames present in {@code room}, sorted.
     *
     * @throws Unavailable when the rooms' store cannot be reached
     */
    List<String> present(String room);

    /**
     * Keeps {@code message} as the newest of {@code room}'s history.
     *
     * @throws Unavailable when the rooms' store cannot be reached
     */
    void remember(String room, ChatEvent.Message message);

    /**
     * Returns the last {@link #HISTORY} messages of {@code room}, oldest first.
     *
     * @throws Unavailable when the rooms' store cannot be reached
     */
    List<ChatEvent.Message> history(String room);

    /** The rooms cannot be used now; the message says why in words for the person in the chat. */
    class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A node keeps a bounded number of rooms, so that inventing room names cannot exhaust its memory. */
    final class TooManyRooms extends Unavailable {
        TooManyRooms(int limit) {
            super("the chat is at its limit of " + limit + " open rooms; join one of them or try again later", null);
        }
    }
}
