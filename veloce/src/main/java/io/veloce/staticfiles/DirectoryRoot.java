package io.veloce.staticfiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Files below a directory. A file is served only when its real path — every symbolic link
 * resolved — is inside the directory's real path: a link to elsewhere in the tree is followed,
 * one pointing out of it is a file not found.
 *
 * <p>The directory's own real path is resolved per request rather than once, so a directory
 * reached through a symbolic link that a deployment switches ({@code current -> releases/42})
 * serves the new release at once.
 *
 * @param directory the root as configured
 */
record DirectoryRoot(Path directory) implements Root {

    @Override
    public Resource find(List<String> names) {
        try {
            Path root = directory.toRealPath();
            Path candidate = root;
            for (String name : names) {
                candidate = candidate.resolve(name);
            }
            Path real = candidate.toRealPath();
            if (!real.startsWith(root)) {
                return null; // a symbolic link out of the root
            }
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile() || !Files.isReadable(real)) {
                return null; // directories, devices, FIFOs (a read would block), unreadable files
            }
            return new FileResource(real, attributes.size(), attributes.lastModifiedTime());
        } catch (IOException | InvalidPathException | SecurityException missing) {
            return null;
        }
    }
}
