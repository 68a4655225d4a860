package io.veloce.routing;

import java.util.ArrayList;
import java.util.List;

/** Joins what a mounting router puts before a route's own middleware and dependencies. */
final class RouteLists {

    private RouteLists() {
    }

    /** Returns {@code outer} followed by {@code inner}, as one immutable list. */
    static <T> List<T> concat(List<? extends T> outer, List<? extends T> inner) {
        if (outer.isEmpty()) {
            return List.copyOf(inner);
        }
        List<T> all = new ArrayList<>(outer);
        all.addAll(inner);
        return List.copyOf(all);
    }
}
