package io.veloce.server;

import io.netty.util.AsciiString;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Header names as {@link AsciiString}s. Netty's encoder copies an {@code AsciiString} into the
 * outbound buffer in one go but a {@code String} char by char, which on a direct buffer without
 * {@code Unsafe} (the default on JDK 24 and later) is a bounds- and liveness-checked
 * {@code put} per byte: the largest single cost of a response with a few middleware headers.
 */
final class HeaderText {

    /** Apps use a few dozen names; the bound only guards against one that makes them up per request. */
    private static final int MAX_CACHED_NAMES = 1024;
    private static final ConcurrentHashMap<String, AsciiString> NAMES = new ConcurrentHashMap<>();

    /**
     * Names nearly always arrive as the same constant {@code String} instances (middleware and
     * Veloce's own), so a slot per identity hash answers them with one {@code ==}, cheaper than
     * hashing and comparing the text. Each slot holds one immutable pair, so a racing reader sees
     * a whole pair or another one, never half of each.
     */
    private record Slot(String name, AsciiString ascii) {
    }

    private static final Slot[] RECENT = new Slot[256];

    private HeaderText() {
    }

    static AsciiString name(String name) {
        int index = System.identityHashCode(name) & (RECENT.length - 1);
        Slot slot = RECENT[index];
        if (slot != null && slot.name() == name) {
            return slot.ascii();
        }
        AsciiString ascii = NAMES.get(name);
        if (ascii == null) {
            ascii = new AsciiString(name);
            if (NAMES.size() < MAX_CACHED_NAMES) {
                NAMES.putIfAbsent(name, ascii);
            }
        }
        RECENT[index] = new Slot(name, ascii);
        return ascii;
    }
}
