package io.veloce.staticfiles;

import io.veloce.http.Headers;
import io.veloce.http.HttpDates;
import io.veloce.http.HttpException;
import io.veloce.http.Request;
import io.veloce.http.Response;

/** The response for a found file: 200, 206, 304, 412 or 416, from the request's conditional and range headers. */
final class FileResponses {

    private FileResponses() {
    }

    /**
     * @throws HttpException 412 when a precondition fails, 416 when the range is past the end
     */
    static Response of(Request request, Resource file, String contentType, String cacheControl) {
        Headers asked = request.headers();
        String etag = file.etag();
        long modified = file.lastModified();
        switch (Preconditions.evaluate(asked, etag, modified)) {
            case NOT_MODIFIED -> {
                return validators(Response.empty(304), etag, modified, cacheControl);
            }
            case FAILED -> throw new HttpException(412, "Precondition Failed");
            default -> {
                // send it
            }
        }
        long size = file.size();
        // RFC 9110 §14.2: GET is the only method with ranges; HEAD describes the whole file
        String rangeHeader = request.method().equals("GET") ? asked.get("Range") : null;
        ByteRange range = rangeHeader != null && Preconditions.rangeAllowed(asked, etag, modified)
                ? ByteRange.parse(rangeHeader, size) : null;
        if (range == ByteRange.UNSATISFIABLE) {
            throw new HttpException(416, "Range Not Satisfiable", Headers.of("Content-Range", "bytes */" + size));
        }
        Response response;
        if (range == null) {
            response = Response.stream(contentType, file.body(0, size))
                    .header("Content-Length", Long.toString(size));
        } else {
            response = Response.stream(contentType, file.body(range.first(), range.length()))
                    .status(206)
                    .header("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size)
                    .header("Content-Length", Long.toString(range.length()));
        }
        response.header("Accept-Ranges", "bytes");
        return validators(response, etag, modified, cacheControl);
    }

    /** The headers a 304 repeats from the 200 (RFC 9110 §15.4.5), so caches can refresh their copy. */
    private static Response validators(Response response, String etag, long modified, String cacheControl) {
        response.header("ETag", etag);
        if (modified >= 0) {
            response.header("Last-Modified", HttpDates.format(modified));
        }
        if (cacheControl != null) {
            response.header("Cache-Control", cacheControl);
        }
        return response;
    }
}
