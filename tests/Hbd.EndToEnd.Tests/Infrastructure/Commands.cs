namespace Hbd.EndToEnd.Tests.Infrastructure;

/// <summary>One-shot runs of hbc and hbd (hbc --once, --print, -m; hbd --check-config).</summary>
public static class Commands
{
    public static Task<ProgramResult> RunClientAsync(TestDirectory dir, params string[] args) =>
        ProgramRun.RunAsync(Programs.Hbc, args, dir.Home);

    public static Task<ProgramResult> RunServerAsync(TestDirectory dir, params string[] args) =>
        ProgramRun.RunAsync(Programs.Hbd, args, dir.Home);
}
