using Hbd.Client.Checks;
using Hbd.Common;
using static Hbd.Client.Tests.Checks.RealProcesses;

namespace Hbd.Client.Tests.Checks;

/// <summary>Real processes: Debian's Nagios plugins, /bin/sh, sleeps that must not survive their timeout.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CheckRunnerTests
{
    private static readonly CheckRunner Runner = new(TimeProvider.System);

    private static Task<CheckOutcome> Run(string[] command, double timeoutSeconds = 10) =>
        Runner.RunAsync(new CheckDefinition("test", command, TimeSpan.Zero, TimeSpan.FromSeconds(timeoutSeconds)), CancellationToken.None);

    [Fact]
    public async Task Check_load_is_ok_with_its_three_load_averages()
    {
        var outcome = await Run([Plugin("check_load"), "-w", "1000,1000,1000", "-c", "2000,2000,2000"]);

        Assert.Equal(AlertLevel.Ok, outcome.Level);
        Assert.StartsWith("LOAD OK - total load average: ", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(["load1", "load5", "load15"], outcome.PerfData.Select(item => item.Label));
        Assert.All(outcome.PerfData, item => Assert.Equal(("1000.000", "2000.000", 0.0), (item.Warn, item.Crit, item.Min!.Value)));
        Assert.All(outcome.PerfData, item => Assert.InRange(item.Value!.Value, 0, 1000));
    }

    [Fact]
    public async Task Check_disk_reports_the_root_file_system_under_a_path_label()
    {
        var outcome = await Run([Plugin("check_disk"), "-w", "10%", "-c", "5%", "-p", "/"]);

        Assert.NotEqual(AlertLevel.Unknown, outcome.Level);
        Assert.StartsWith("DISK ", outcome.Message, StringComparison.Ordinal);
        var root = Assert.Single(outcome.PerfData);
        Assert.Equal(("/", "B", 0.0), (root.Label, root.Uom, root.Min!.Value));
        Assert.InRange(root.Value!.Value, 1, root.Max!.Value);
    }

    [Fact]
    public async Task Check_procs_counts_processes()
    {
        var outcome = await Run([Plugin("check_procs")]);

        Assert.Equal(AlertLevel.Ok, outcome.Level);
        Assert.Matches("^PROCS OK: [0-9]+ processes$", outcome.Message);
        var procs = Assert.Single(outcome.PerfData);
        Assert.Equal("procs", procs.Label);
        Assert.True(procs.Value >= 1);
    }

    [Fact]
    public async Task Check_dummy_2_is_critical_with_its_text()
    {
        var outcome = await Run([Plugin("check_dummy"), "2", "text"]);

        Assert.Equal((AlertLevel.Critical, "CRITICAL: text"), (outcome.Level, outcome.Message));
        Assert.Empty(outcome.PerfData);
    }

    [Theory]
    [InlineData(0, AlertLevel.Ok)]
    [InlineData(1, AlertLevel.Warning)]
    [InlineData(2, AlertLevel.Critical)]
    [InlineData(3, AlertLevel.Unknown)]
    public async Task Exit_codes_0_to_3_are_the_levels(int code, AlertLevel level)
    {
        var outcome = await Run(Shell($"echo 'SOME STATE - all said | a=1;2;3'; exit {code}"));

        Assert.Equal((level, "SOME STATE - all said"), (outcome.Level, outcome.Message));
        Assert.Equal("a", Assert.Single(outcome.PerfData).Label);
    }

    [Fact]
    public async Task Another_exit_code_is_unknown_and_says_so()
    {
        var outcome = await Run(Shell("echo 'OK - fine'; exit 7"));

        Assert.Equal((AlertLevel.Unknown, "exit code 7: OK - fine"), (outcome.Level, outcome.Message));
    }

    [Fact]
    public async Task A_missing_program_is_unknown_not_found()
    {
        var onPath = await Run(["check_foo_hbd_missing", "-x"]);
        var absolute = await Run(["/nonexistent/check_foo"]);
        var inShell = await Run(Shell("check_foo_hbd_missing -x"));

        Assert.Equal((AlertLevel.Unknown, "check_foo_hbd_missing: not found"), (onPath.Level, onPath.Message));
        Assert.Equal((AlertLevel.Unknown, "/nonexistent/check_foo: not found"), (absolute.Level, absolute.Message));
        Assert.Equal(AlertLevel.Unknown, inShell.Level);
        Assert.Matches("^exit code 127: .*check_foo_hbd_missing: not found$", inShell.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_executable_or_lacks_its_interpreter_is_unknown()
    {
        var directory = Directory.CreateTempSubdirectory("hbd-check-");
        try
        {
            var plain = Path.Combine(directory.FullName, "check_plain");
            File.WriteAllText(plain, "#!/bin/sh\necho OK\n");
            var orphan = Path.Combine(directory.FullName, "check_orphan");
            File.WriteAllText(orphan, "#!/nonexistent/interpreter\necho OK\n");
            File.SetUnixFileMode(orphan, UnixFileMode.UserRead | UnixFileMode.UserExecute);

            var notExecutable = await Run([plain]);
            var noInterpreter = await Run([orphan]);

            Assert.Equal((AlertLevel.Unknown, $"{plain}: not executable (permission denied)"), (notExecutable.Level, notExecutable.Message));
            Assert.Equal((AlertLevel.Unknown, $"{orphan}: interpreter not found"), (noInterpreter.Level, noInterpreter.Message));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_crash_is_unknown_with_its_signal()
    {
        var outcome = await Run(Shell("echo 'OK - about to crash'; kill -SEGV $$"));

        Assert.Equal((AlertLevel.Unknown, "killed by signal 11 (SIGSEGV)"), (outcome.Level, outcome.Message));
    }

    [Fact]
    public async Task No_output_says_so_and_standard_error_stands_in_for_an_empty_standard_output()
    {
        var silent = await Run(Shell("exit 0"));
        var stderrOnly = await Run(Shell("echo 'problem: disk gone' >&2; echo second >&2; exit 2"));
        var both = await Run(Shell("echo 'noise' >&2; echo 'WARNING - real message'; exit 1"));

        Assert.Equal((AlertLevel.Ok, "(no output)"), (silent.Level, silent.Message));
        Assert.Equal((AlertLevel.Critical, "problem: disk gone"), (stderrOnly.Level, stderrOnly.Message));
        Assert.Equal((AlertLevel.Warning, "WARNING - real message"), (both.Level, both.Message));
    }

    [Fact]
    public async Task Standard_input_is_empty_and_numbers_are_formatted_the_c_way()
    {
        var outcome = await Run(Shell("cat; echo \"OK - LC_NUMERIC=$LC_NUMERIC\""), timeoutSeconds: 5);

        Assert.Equal((AlertLevel.Ok, "OK - LC_NUMERIC=C"), (outcome.Level, outcome.Message));
    }

    [Fact]
    public async Task A_hanging_command_is_killed_at_its_timeout_and_reported_unknown()
    {
        var sleep = UniqueSleep();

        var outcome = await Run(Shell($"echo 'OK - starting'; {sleep}"), timeoutSeconds: 1);

        Assert.Equal((AlertLevel.Unknown, "timed out after 1s"), (outcome.Level, outcome.Message));
        AssertNoneLeft(sleep);
    }

    [Theory]
    [InlineData("{0} & {1}")] // a grandchild beside the waiting child
    [InlineData("({0} &); {1}")] // a double fork: the grandchild's parent is gone, it belongs to init
    [InlineData("setsid {0} & {1}")] // a grandchild in a session of its own, its parent alive
    [InlineData("setsid {0} >/dev/null 2>&1 & {1}")] // the same without our output: found as a descendant
    [InlineData("(setsid {0} &); {1}")] // its own session and no parent: found by the output pipe it holds
    [InlineData("sh -c '{0} & wait' & wait")] // several levels
    public async Task The_whole_process_tree_is_killed_at_the_timeout(string shape)
    {
        var grandchild = UniqueSleep();
        var child = UniqueSleep();

        var outcome = await Run(Shell(string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, grandchild, child)), timeoutSeconds: 1);

        Assert.Equal((AlertLevel.Unknown, "timed out after 1s"), (outcome.Level, outcome.Message));
        AssertNoneLeft(grandchild);
        AssertNoneLeft(child);
    }

    [Fact]
    public async Task Killing_one_check_leaves_the_other_checks_and_their_children_alone()
    {
        var bystander = UniqueSleep();
        var hanging = UniqueSleep();
        using var stop = new CancellationTokenSource();
        var other = Runner.RunAsync(new CheckDefinition("other", Shell($"{bystander} & wait"), TimeSpan.Zero, TimeSpan.FromSeconds(60)), stop.Token);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Running(bystander).Length == 0 && DateTime.UtcNow < deadline)
                await Task.Delay(20);

            var outcome = await Run(Shell($"{hanging} & wait"), timeoutSeconds: 1);

            Assert.Equal("timed out after 1s", outcome.Message);
            AssertNoneLeft(hanging);
            Assert.NotEqual("", Running(bystander));
            Assert.False(other.IsCompleted);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal("stopped", (await other).Message);
        }
        AssertNoneLeft(bystander);
    }

    [Fact]
    public async Task A_background_process_that_keeps_the_output_open_after_the_exit_is_killed_and_the_result_kept()
    {
        var sleep = UniqueSleep();

        var outcome = await Run(Shell($"({sleep} &); echo 'OK - done | x=1'; exit 0"), timeoutSeconds: 10);

        Assert.Equal((AlertLevel.Ok, "OK - done"), (outcome.Level, outcome.Message));
        Assert.Equal("x", Assert.Single(outcome.PerfData).Label);
        AssertNoneLeft(sleep);
    }

    [Fact]
    public async Task A_daemon_that_leaves_the_session_and_closes_the_output_does_not_hold_the_check_up()
    {
        var sleep = UniqueSleep();
        try
        {
            var outcome = await Run(Shell($"(setsid {sleep} </dev/null >/dev/null 2>&1 &); echo 'OK - started'"), timeoutSeconds: 10);

            Assert.Equal((AlertLevel.Ok, "OK - started"), (outcome.Level, outcome.Message));
        }
        finally
        {
            Kill(sleep);
        }
    }

    [Fact]
    public async Task Huge_output_is_capped_and_read_to_its_end()
    {
        var outcome = await Run(Shell("echo 'OK - lots follow | lines=100000'; head -c 8000000 /dev/zero | tr '\\0' 'x'; echo; exit 0"));
        var oneLine = await Run(Shell("head -c 6000000 /dev/zero | tr '\\0' 'y'; exit 1"));

        Assert.Equal((AlertLevel.Ok, "OK - lots follow"), (outcome.Level, outcome.Message));
        Assert.Equal("lines", Assert.Single(outcome.PerfData).Label);
        Assert.Equal(AlertLevel.Warning, oneLine.Level);
        Assert.Equal(new string('y', CheckRunner.OutputCap), oneLine.Message);
    }

    [Fact]
    public async Task Cancelling_kills_the_tree_and_reports_stopped()
    {
        var sleep = UniqueSleep();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var outcome = await Runner.RunAsync(
            new CheckDefinition("test", Shell($"{sleep} & wait"), TimeSpan.Zero, TimeSpan.FromSeconds(30)), cancel.Token);

        Assert.Equal((AlertLevel.Unknown, "stopped"), (outcome.Level, outcome.Message));
        AssertNoneLeft(sleep);
    }
}
