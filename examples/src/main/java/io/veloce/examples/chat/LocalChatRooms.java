package io.veloce.examples.chat;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rooms in this node's memory. At most {@code maxRooms} are kept: a new room then replaces the
 * least recently used room that nobody is in (with its history), and when every room has someone
 * in it the new one is refused — room names come from the URL, so without a bound anyone logged
 * in could fill the heap by inventing them. One lock: every operation is a few map updates.
 */
final class LocalChatRooms implements ChatRooms {

    /** Rooms kept by default. */
    static final int MAX_ROOMS = 1_000;

    private final int maxRooms;
    /** In access order, so the first empty room met is the least recently used one. */
    private final LinkedHashMap<String, Room> rooms = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Room {
        final TreeMap<String, Integer> present = new TreeMap<>();
        final ArrayDeque<ChatEvent.Message> history = new ArrayDeque<>(HISTORY);
    }

    LocalChatRooms() {
        this(MAX_ROOMS);
    }

    LocalChatRooms(int maxRooms) {
        if (maxRooms < 1) {
            throw new IllegalArgumentException("maxRooms must be at least 1, was " + maxRooms);
        }
        this.maxRooms = maxRooms;
    }

    private Room open(String name) {
        Room room = rooms.get(name);
        if (room != null) {
            return room;
        }
        if (rooms.size() >= maxRooms && !evictOneEmptyRoom()) {
            throw new TooManyRooms(maxRooms);
        }
        room = new Room();
        rooms.put(name, room);
        return room;
    }

    private boolean evictOneEmptyRoom() {
        for (Iterator<Room> it = rooms.values().iterator(); it.hasNext(); ) {
            if (it.next().present.isEmpty()) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized boolean enter(String name, String who) {
        return open(name).present.merge(who, 1, Integer::sum) == 1;
    }

    @Override
    public synchronized boolean leave(String name, String who) {
        Room room = rooms.get(name);
        Integer connections = room == null ? null : room.present.get(who);
        if (connections == null) {
            return false;
        }
        if (connections == 1) {
            room.present.remove(who);
            return true;
        }
        room.present.put(who, connections - 1);
        return false;
    }

    @Override
    public synchronized List<String> present(String name) {
        Room room = rooms.get(name);
        return room == null ? List.of() : List.copyOf(room.present.keySet());
    }

    /** Returns every room with someone in it and who is there, for the Redis rooms' heartbeat. */
    synchronized Map<String, List<String>> occupied() {
        Map<String, List<String>> occupied = new TreeMap<>();
        rooms.forEach((name, room) -> {
            if (!room.present.isEmpty()) {
                occupied.put(name, List.copyOf(room.present.keySet()));
            }
        });
        return occupied;
    }

    @Override
    public synchronized void remember(String name, ChatEvent.Message message) {
        Room room = rooms.get(name);
        if (room == null) {
            return; // nobody there to have sent it: the room was left and forgotten meanwhile
        }
        if (room.history.size() == HISTORY) {
            room.history.removeFirst();
        }
        room.history.addLast(message);
    }

    @Override
    public synchronized List<ChatEvent.Message> history(String name) {
        Room room = rooms.get(name);
        return room == null ? List.of() : List.copyOf(room.history);
    }
}
