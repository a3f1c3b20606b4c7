using System.Runtime.Versioning;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests.Packages;

/// <summary>
/// What the agent the amd64 package installs holds while it runs, beyond its code and heap (docs/benchmarks.md, footprint).
/// </summary>
[Collection(PortableBuildCollection.Name)]
public sealed class AgentFootprintTests(PortableBuildFixture build)
{
    /// <summary>
    /// One malloc arena for all its threads (src/Hbd.Client/Native/malloc-arenas.c): glibc's default gave each thread
    /// one, nine in all, 40-50 kB resident.
    /// </summary>
    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Baseline_agent_threads_share_the_first_malloc_arena()
    {
        Assert.True(build.Build.ExitCode == 0, build.Build.ToString());
        using var dir = new TestDirectory();

        var (maps, threads) = await RunningAgent.SnapshotAsync(build.Hbc("amd64"), dir);

        Assert.True(threads.Count >= 5, $"{string.Join(", ", threads)}: too few threads for the check to mean anything");
        Assert.Equal(0, MallocArenas.Count(maps));
    }

    /// <summary>
    /// No sockets engine thread (src/Hbd.Client/Sending/ConnectedUdpSocket.cs): the agent only sends, blocking, and
    /// System.Net.Sockets started its epoll thread for the first socket made all the same.
    /// </summary>
    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Baseline_agent_runs_no_sockets_engine_thread()
    {
        Assert.True(build.Build.ExitCode == 0, build.Build.ToString());
        using var dir = new TestDirectory();

        var (_, threads) = await RunningAgent.SnapshotAsync(build.Hbc("amd64"), dir);

        Assert.Contains("hbc", threads);
        Assert.DoesNotContain(".NET Sockets", threads);
    }
}

/// <summary>How an arena is told in /proc/PID/maps (MallocArenas), without a build.</summary>
public sealed class MallocArenaMapsTests
{
    /// <summary>
    /// From an agent before the change: two of its nine arenas, the GC's region at a 64 MiB boundary that ends at a
    /// 4 MiB one, a thread's stack and guard page, and hbc's own read-write data.
    /// </summary>
    [Fact]
    public void Arenas_are_told_from_the_gc_heap_stacks_and_files()
    {
        const string maps = """
            00996000-009ae000 rw-p 00595000 fd:01 1075                               /usr/bin/hbc
            7f0d40000000-7f0d40021000 rw-p 00000000 00:00 0 
            7f0d40021000-7f0d44000000 ---p 00000000 00:00 0 
            7f0d48000000-7f0d48021000 rw-p 00000000 00:00 0 
            7f0d48021000-7f0d4c000000 ---p 00000000 00:00 0 
            7f0d64cce000-7f0d64ccf000 ---p 00000000 00:00 0 
            7f0d64ccf000-7f0d654cf000 rw-p 00000000 00:00 0 
            7f0d6d000000-7f0d6d031000 rw-p 00000000 00:00 0 
            7f0d6d031000-7f0d6d400000 ---p 00000000 00:00 0 
            7f0d6fc00000-7f0d6fc01000 rw-p 00000000 00:00 0 
            7f0d6fc01000-7f1930000000 ---p 00000000 00:00 0 
            7ff16a862000-7ff16a9b8000 r-xp 00026000 fd:01 2123                       /usr/lib/x86_64-linux-gnu/libc.so.6
            """;

        Assert.Equal(2, MallocArenas.Count(maps));
    }
}
