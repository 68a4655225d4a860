package io.veloce.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of the reverse proxies (load balancers, TLS terminators) whose forwarding headers
 * the app believes, and which of those headers. Given to {@code app.trustedProxies(...)}; with
 * it, a request whose immediate peer is one of these addresses gets its
 * {@link Connection#client() client}, {@link Connection#secure() scheme} and (when enabled)
 * {@link Connection#url() host} from the headers. A request from any other peer keeps its socket
 * values: anyone can send these headers, so believing them from everybody would let a client
 * choose its own address (and walk past a rate limit) or claim HTTPS.
 *
 * <p>Only the headers you name are read, because a proxy passes on any header it does not set
 * itself, and a header the client wrote is a lie the proxy forwarded:
 * <ul>
 * <li>by default {@code X-Forwarded-For} (the proxy must append the peer it saw; the list is read
 *     from the right) and {@code X-Forwarded-Proto} (the proxy must set or overwrite it; the
 *     last value counts);</li>
 * <li>{@link #withForwardedHost()} adds {@code X-Forwarded-Host} (same rule as the proto);</li>
 * <li>{@link #useForwardedHeader()} reads the standard {@code Forwarded} header (RFC 7239:
 *     {@code for}, {@code proto}, {@code host}) instead, and none of the {@code X-Forwarded-*}
 *     ones.</li>
 * </ul>
 *
 * <p>Entries are IP literals ({@code 10.0.0.7}, {@code ::1}) or CIDR blocks
 * ({@code 10.0.0.0/8}, {@code fd00::/8}); host names are refused, because resolving them would
 * put DNS on the request path, and so are zone ids ({@code fe80::1%eth0}).
 *
 * <pre>{@code
 * app.trustedProxies(TrustedProxies.of("127.0.0.1", "10.0.0.0/8"));
 * }</pre>
 */
public final class TrustedProxies {

    private final List<Block> blocks;
    private final List<String> entries;
    private final boolean forwardedHeader;
    private final boolean forwardedHost;

    private TrustedProxies(List<Block> blocks, List<String> entries, boolean forwardedHeader, boolean forwardedHost) {
        this.blocks = blocks;
        this.entries = entries;
        this.forwardedHeader = forwardedHeader;
        this.forwardedHost = forwardedHost;
    }

    /**
     * Returns the set of proxies given as IP literals or CIDR blocks.
     *
     * @param addressesOrBlocks IP literals and CIDR blocks, surrounding whitespace ignored; an
     *     IPv4-mapped IPv6 address counts as its IPv4 address. None gives a set that trusts no
     *     peer
     * @return proxies that read {@code X-Forwarded-For} and {@code X-Forwarded-Proto}, not the
     *     forwarded host
     * @throws IllegalArgumentException for an entry that is not an IP literal or a CIDR block
     *     with a prefix length that fits its address family
     * @throws NullPointerException when the array or an entry is {@code null}
     */
    public static TrustedProxies of(String... addressesOrBlocks) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : addressesOrBlocks) {
            blocks.add(Block.parse(entry.strip()));
        }
        return new TrustedProxies(List.copyOf(blocks), List.of(addressesOrBlocks), false, false);
    }

    /**
     * Returns a copy that also believes {@code X-Forwarded-Host} (or, with
     * {@link #useForwardedHeader()}, the {@code host=} of {@code Forwarded}) for {@code url()}.
     * Only when every trusted proxy sets or overwrites it: a host the client chose ends up in
     * links the app builds.
     *
     * @return a copy with the same addresses that believes the forwarded host; this one is
     *     unchanged
     */
    public TrustedProxies withForwardedHost() {
        return new TrustedProxies(blocks, entries, forwardedHeader, true);
    }

    /**
     * Returns a copy that reads the standard {@code Forwarded} header instead of the {@code X-Forwarded-*} ones.
     *
     * @return a copy with the same addresses (and forwarded-host setting) that reads
     *     {@code Forwarded}; this one is unchanged
     */
    public TrustedProxies useForwardedHeader() {
        return new TrustedProxies(blocks, entries, true, forwardedHost);
    }

    /**
     * Returns whether the standard {@code Forwarded} header is read (instead of {@code X-Forwarded-*}); off by default.
     *
     * @return {@code true} after {@link #useForwardedHeader()}
     */
    public boolean readsForwardedHeader() {
        return forwardedHeader;
    }

    /**
     * Returns whether the forwarded host is believed; off by default.
     *
     * @return {@code true} after {@link #withForwardedHost()}
     */
    public boolean readsForwardedHost() {
        return forwardedHost;
    }

    /**
     * Returns whether {@code address} (an IP literal, as {@link ClientAddress#host()} gives it)
     * belongs to a trusted proxy; {@code false} for anything that is not an IP literal.
     *
     * @param address an IPv4 or IPv6 literal, brackets allowed; {@code null} or a host name
     *     gives {@code false} and is never resolved
     * @return {@code true} when the address is one of the entries or falls in one of the blocks
     */
    public boolean contains(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (Block block : blocks) {
            if (block.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "TrustedProxies" + entries + (forwardedHeader ? " reading Forwarded" : " reading X-Forwarded-*")
                + (forwardedHost ? " with host" : "");
    }

    /**
     * Returns whether {@code text} is an IPv4 literal ({@code 192.0.2.1}) or an IPv6 literal
     * ({@code 2001:db8::1}, brackets allowed); never resolves a name.
     *
     * @param text the text to check; {@code null} and the empty string are not literals
     * @return {@code true} for a dotted quad of four decimal parts 0–255 or a valid IPv6 literal
     *     without a zone id; {@code false} for host names and shorthands such as {@code 10.1}
     */
    public static boolean isIpLiteral(String text) {
        return literal(text) != null;
    }

    /** The bytes of an IPv4 or IPv6 literal (brackets allowed), or {@code null} for anything else. */
    static byte[] literal(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean colon = s.indexOf(':') >= 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '.' || c == ':' || (c >= '0' && c <= '9')
                    || (colon && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return null; // never hand a host name to InetAddress: that would be a DNS lookup
            }
        }
        if (!colon) {
            return dottedQuad(s);
        }
        try {
            // bracketed, InetAddress treats the text as an IPv6 literal and never asks DNS
            byte[] bytes = InetAddress.getByName("[" + s + "]").getAddress();
            if (bytes.length == 16 && isV4Mapped(bytes)) {
                byte[] v4 = new byte[4];
                System.arraycopy(bytes, 12, v4, 0, 4);
                return v4; // ::ffff:10.0.0.1 is 10.0.0.1 (a dual-stack socket reports it so)
            }
            return bytes;
        } catch (UnknownHostException notALiteral) {
            return null;
        }
    }

    /** Four decimal parts of 0..255; {@code null} otherwise (no inet_aton shorthands like "10.1"). */
    private static byte[] dottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3) {
                return null;
            }
            int value = Integer.parseInt(part); // only digits reach here
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static boolean isV4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private record Block(byte[] network, int prefix) {

        static Block parse(String entry) {
            int slash = entry.indexOf('/');
            byte[] address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("trusted proxy '" + entry
                        + "' is not an IP address or CIDR block (host names are not accepted)");
            }
            int bits = address.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("trusted proxy '" + entry + "' has a prefix length outside 0.." + bits);
                }
            }
            return new Block(address, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
