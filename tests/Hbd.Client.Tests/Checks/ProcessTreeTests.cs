using System.Runtime.InteropServices;
using Hbd.Client.Checks;

namespace Hbd.Client.Tests.Checks;

public sealed class ProcessTreeTests
{
    [Fact]
    public void Stat_fields_are_counted_from_the_last_parenthesis()
    {
        const string stat = "4242 (my (odd) name) S 4200 4242 4242 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 1234 5000 100\n";

        Assert.True(ProcessTree.TryParseStat(4242, stat, out var info));
        Assert.Equal(new ProcessTree.ProcessInfo(4242, 'S', 4200, 4242, 4242), info);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12 (x")]
    [InlineData("12 (x) S 1 2")]
    [InlineData("12 (x) SS 1 2 3")]
    [InlineData("12 (x) S a 2 3")]
    public void A_malformed_stat_line_is_refused(string stat)
    {
        Assert.False(ProcessTree.TryParseStat(12, stat, out _));
    }

    [Fact]
    public void This_process_reads_as_the_kernel_reports_it()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var self = Environment.ProcessId;

        Assert.True(ProcessTree.TryParseStat(self, File.ReadAllText($"/proc/{self}/stat"), out var info));
        // In a container the parent, group or session may lie outside our pid namespace and read as 0, so compare
        // with what the kernel answers this process rather than with a fixed expectation.
        // The state is the main thread's, which may be asleep while a test thread reads: alive is all we know.
        Assert.Equal(new ProcessTree.ProcessInfo(self, info.State, GetParentId(), GetProcessGroup(), GetSession(0)), info);
        Assert.NotEqual('Z', info.State);
    }

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int GetParentId();

    [DllImport("libc", EntryPoint = "getpgrp")]
    private static extern int GetProcessGroup();

    [DllImport("libc", EntryPoint = "getsid")]
    private static extern int GetSession(int pid);
}
