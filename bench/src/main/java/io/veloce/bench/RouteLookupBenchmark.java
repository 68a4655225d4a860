package io.veloce.bench;

import io.veloce.routing.RouteMatch;
import io.veloce.routing.RouteTable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Route lookup in a table of 100 routes (50 literal, 50 with parameters). Run with
 * {@code -prof gc}: the literal lookup must allocate nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RouteLookupBenchmark {

    private final RouteTable<String> table = new RouteTable<>();
    private String literalPath;
    private String parameterPath;

    /** Creates the benchmark state, empty until JMH calls {@link #setUp()}. */
    public RouteLookupBenchmark() {
    }

    /** Registers the 100 routes. */
    @Setup
    public void setUp() {
        for (int i = 0; i < 50; i++) {
            table.add("GET", "/api/v1/resource" + i + "/list", "list" + i);
            table.add("GET", "/api/v1/resource" + i + "/{id}/items/{item}", "item" + i);
        }
        literalPath = new String("/api/v1/resource37/list"); // not the interned template instance
        parameterPath = "/api/v1/resource37/4711/items/42";
    }

    /**
     * A route made only of literal segments.
     *
     * @return the match, returned so that JMH consumes it and the lookup is not optimised away
     */
    @Benchmark
    public RouteMatch<String> literal() {
        return table.find("GET", literalPath);
    }

    /**
     * A route with two parameters.
     *
     * @return the match, returned so that JMH consumes it and the lookup is not optimised away
     */
    @Benchmark
    public RouteMatch<String> parameterised() {
        return table.find("GET", parameterPath);
    }
}
