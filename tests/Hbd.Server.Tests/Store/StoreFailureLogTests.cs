using Hbd.Server.Store;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Tests.Store;

public sealed class StoreFailureLogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_outage_logs_its_start_one_summary_a_minute_and_its_end()
    {
        var logger = new ListLogger<StoreWriter>();
        var log = new StoreFailureLog(logger);
        var error = new IOException("No space left on device");

        // 72 s of failures every 250 ms, then a good write.
        var failures = 72 * 4;
        for (var i = 0; i < failures; i++)
            log.Failed(T0 + TimeSpan.FromMilliseconds(250 * i), i + 1, error);
        log.Recovered(TimeSpan.FromSeconds(72));

        Assert.Equal(
        [
            "store writes failing; retrying, and keeping what is not written: No space left on device",
            "store writes still failing: 240 attempts in 60 s, last: No space left on device",
            "store writes recovered after 1m12s; nothing was lost",
        ], logger.Messages);
        // The stack goes out once, and only with -v.
        var detail = Assert.Single(logger.Lines, l => l.Exception is not null);
        Assert.Equal((LogLevel.Debug, (Exception?)error), (detail.Level, detail.Exception));
    }

    [Fact]
    public void A_new_outage_after_a_recovery_is_logged_anew()
    {
        var logger = new ListLogger<StoreWriter>();
        var log = new StoreFailureLog(logger);

        log.Failed(T0, 1, new IOException("first"));
        log.Recovered(TimeSpan.FromSeconds(1));
        log.Failed(T0 + TimeSpan.FromSeconds(5), 1, new IOException("second"));
        log.Failed(T0 + TimeSpan.FromSeconds(5.25), 2, new IOException("second"));

        Assert.Equal(3, logger.Messages.Count);
        Assert.EndsWith("not written: second", logger.Messages[2], StringComparison.Ordinal);
    }
}
