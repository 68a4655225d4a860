package io.veloce.examples.chat;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms' state on this node: who is present (a nickname may be open in several tabs) and the
 * last {@link #HISTORY} messages of each room. Synchronised per room.
 */
final class ChatRooms {

    /** Messages a newcomer is shown. */
    static final int HISTORY = 50;

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();

    private static final class Room {
        final TreeMap<String, Integer> present = new TreeMap<>();
        final ArrayDeque<ChatEvent.Message> history = new ArrayDeque<>(HISTORY);
    }

    private Room room(String name) {
        return rooms.computeIfAbsent(name, n -> new Room());
    }

    /** Counts one more connection of {@code who}; returns whether they were not present before. */
    boolean enter(String name, String who) {
        Room room = room(name);
        synchronized (room) {
            return room.present.merge(who, 1, Integer::sum) == 1;
        }
    }

    /** Counts one connection of {@code who} less; returns whether that was their last one. */
    boolean leave(String name, String who) {
        Room room = room(name);
        synchronized (room) {
            Integer left = room.present.computeIfPresent(who, (k, n) -> n == 1 ? null : n - 1);
            return left == null;
        }
    }

    List<String> present(String name) {
        Room room = room(name);
        synchronized (room) {
            return List.copyOf(room.present.keySet());
        }
    }

    void remember(String name, ChatEvent.Message message) {
        Room room = room(name);
        synchronized (room) {
            if (room.history.size() == HISTORY) {
                room.history.removeFirst();
            }
            room.history.addLast(message);
        }
    }

    List<ChatEvent.Message> history(String name) {
        Room room = room(name);
        synchronized (room) {
            return List.copyOf(room.history);
        }
    }
}
