package io.veloce.staticfiles;

import io.veloce.http.BodyWriter;

/** A regular file found below a {@link Root}: what a response needs to describe and send it. */
interface Resource {

    /** Returns the file's own name (its extension gives the content type). */
    String name();

    /** Returns the size in bytes. */
    long size();

    /** Returns the modification time in epoch seconds, or -1 when unknown. */
    long lastModified();

    /** Returns a strong entity-tag, quoted: it changes whenever the content may have. */
    String etag();

    /** Returns a writer of {@code length} bytes from {@code offset}; it opens the file only when it runs. */
    BodyWriter body(long offset, long length);
}
