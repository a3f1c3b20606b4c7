using System.Runtime;
using Hbd.Server.Store;

namespace Hbd.Server.Tests.Store;

/// <summary>The collector's mode during a restore is the restore's alone: whatever happens, the server runs on in its own.</summary>
/// <remarks>The mode is the process's: these run apart from the tests that start servers, which restore too.</remarks>
[Collection(RestoreCollectorCollection.Name)]
public sealed class RestoreCollectorTests
{
    [Theory]
    [InlineData(0L)] // size unknown: no background collections
    [InlineData(1_000_000L)] // room asked for: no collections at all
    [InlineData(long.MaxValue / 4)] // more than the runtime sets aside: refused, as with an unknown size
    public void The_mode_in_force_before_is_in_force_after(long storeBytes)
    {
        var before = GCSettings.LatencyMode;

        using (RestoreCollector.Enter(storeBytes))
            Assert.NotEqual(before, GCSettings.LatencyMode);

        Assert.Equal(before, GCSettings.LatencyMode);
    }

    [Fact]
    public void A_restore_that_outgrows_its_room_still_leaves_the_mode_as_it_was()
    {
        var before = GCSettings.LatencyMode;

        using (RestoreCollector.Enter(1))
        {
            // Past the 64 MB and a bit that were asked for: the runtime ends the region by itself.
            var kept = new List<byte[]>();
            for (var i = 0; i < 100; i++)
                kept.Add(new byte[1024 * 1024]);
            GC.KeepAlive(kept);
        }

        Assert.Equal(before, GCSettings.LatencyMode);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RestoreCollectorCollection
{
    public const string Name = "the collector's mode";
}
