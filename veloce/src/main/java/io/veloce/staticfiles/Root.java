package io.veloce.staticfiles;

import java.util.List;

/** Where static files come from: a directory, or a location on the class path. */
interface Root {

    /**
     * Returns the regular, readable file at {@code names} below the root, or {@code null} when
     * there is none — missing, a directory, unreadable, or (through a symbolic link) outside
     * the root. Never throws for what a client asked: every failure is a file not found.
     *
     * @param names names already checked by {@link SafePath}, at least one
     */
    Resource find(List<String> names);
}
