package io.veloce.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The two routes of the dependency benchmark answer alike, so the benchmark compares like with like. */
class DependencyBenchmarkTest {

    @Test
    void bothRoutesAnswer200WithTheSameBody() {
        DependencyBenchmark benchmark = new DependencyBenchmark();
        benchmark.setUp();
        assertThat(benchmark.withThreeNestedDependencies()).isEqualTo(benchmark.withoutDependencies())
                .isEqualTo(200 + "Hello, World!".length());
        int plain = benchmark.httpRequestWithoutDependencies();
        assertThat(plain).as("encoded response bytes").isGreaterThan("Hello, World!".length());
        assertThat(benchmark.httpRequestWithThreeNestedDependencies()).isEqualTo(plain);
        benchmark.tearDown();
    }
}
