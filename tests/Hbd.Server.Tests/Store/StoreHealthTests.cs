using Hbd.Server.Store;

namespace Hbd.Server.Tests.Store;

public sealed class StoreHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Flush = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void Writes_are_unhealthy_after_four_failures_in_a_row_over_a_second()
    {
        var health = new StoreHealth();
        health.Succeeded(T0 - Flush);

        var verdicts = new List<bool>();
        for (var i = 0; i < 6; i++)
        {
            var at = T0 + i * Flush;
            health.Failed(at, "disk full", pendingJournal: 3);
            verdicts.Add(health.Current.IsUnhealthy(at));
        }

        // Four failures span only 0.75 s; the fifth, a second after the first, tips it.
        Assert.Equal([false, false, false, false, true, true], verdicts);
        Assert.Equal(new StoreHealthSnapshot(T0 - Flush, T0, 6, "disk full", 3), health.Current);
    }

    [Fact]
    public void A_single_slow_failure_is_not_unhealthy()
    {
        var health = new StoreHealth();

        health.Failed(T0, "database is locked", 0);

        Assert.False(health.Current.IsUnhealthy(T0 + TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_good_write_clears_the_failures_and_says_since_when_they_ran()
    {
        var health = new StoreHealth();
        for (var i = 0; i < 8; i++)
            health.Failed(T0 + i * Flush, "disk full", 2);

        var failingSince = health.Succeeded(T0 + 8 * Flush);

        Assert.Equal(T0, failingSince);
        Assert.Equal(new StoreHealthSnapshot(T0 + 8 * Flush, null, 0, null, 0), health.Current);
        Assert.False(health.Current.IsUnhealthy(T0 + 8 * Flush));
        Assert.Null(health.Succeeded(T0 + 9 * Flush));
    }

    [Theory]
    [InlineData(3.2, "store writes failing for 3.2 s: attempt to write a readonly database")]
    [InlineData(72, "store writes failing for 1m12s: attempt to write a readonly database")]
    public void Description_says_for_how_long_and_why(double seconds, string expected)
    {
        var health = new StoreHealth();
        health.Failed(T0, "attempt to write a readonly database", 0);

        Assert.Equal(expected, health.Current.Describe(T0 + TimeSpan.FromSeconds(seconds)));
    }
}
