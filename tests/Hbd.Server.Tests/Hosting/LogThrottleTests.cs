using Hbd.Server.Hosting;

namespace Hbd.Server.Tests.Hosting;

public sealed class LogThrottleTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_lines_of_a_second_pass_and_the_rest_are_counted()
    {
        var throttle = new LogThrottle(3);

        var passed = Enumerable.Range(0, 1000).Count(i => throttle.TryTake(T + TimeSpan.FromMilliseconds(i * 0.5)));

        Assert.Equal(3, passed);
        Assert.Equal(0, throttle.TakeSuppressed(T + TimeSpan.FromMilliseconds(900)));
        Assert.Equal(997, throttle.TakeSuppressed(T + TimeSpan.FromSeconds(1)));
        Assert.Equal(0, throttle.TakeSuppressed(T + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void After_the_summary_a_new_second_lets_lines_through_again()
    {
        var throttle = new LogThrottle(2);
        for (var i = 0; i < 10; i++)
            throttle.TryTake(T);

        Assert.False(throttle.TryTake(T + TimeSpan.FromSeconds(2))); // the summary of the held lines comes first
        Assert.Equal(9, throttle.TakeSuppressed(T + TimeSpan.FromSeconds(2)));
        Assert.True(throttle.TryTake(T + TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void A_steady_trickle_is_never_held_back()
    {
        var throttle = new LogThrottle(2);
        for (var i = 0; i < 100; i++)
            Assert.True(throttle.TryTake(T + TimeSpan.FromMilliseconds(600 * i)));
    }
}
