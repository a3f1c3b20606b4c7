using System.Diagnostics;
using System.Globalization;
using Hbd.Server.Config;

namespace Hbd.Server.Cli;

/// <summary>
/// Without -f hbd detaches: it starts itself again in a new session with output appended to the
/// logfile, waits until that child has written its pidfile, and exits. .NET cannot fork, and a
/// re-exec through setsid gives the same result as the classic double fork.
/// </summary>
public static class Daemon
{
    private const string ChildVariable = "HBD_DAEMON_CHILD";

    public static bool IsDaemonChild => Environment.GetEnvironmentVariable(ChildVariable) == "1";

    public static int Detach(ServerOptions options)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.LogFile))!);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.PidFile))!);
        File.Delete(options.PidFile);
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec setsid \"$@\" >>\"$HBD_LOGFILE\" 2>&1 </dev/null");
        start.ArgumentList.Add("hbd");
        foreach (var part in SelfCommand())
            start.ArgumentList.Add(part);
        foreach (var arg in Environment.GetCommandLineArgs().Skip(1))
            start.ArgumentList.Add(arg);
        start.Environment[ChildVariable] = "1";
        start.Environment["HBD_LOGFILE"] = options.LogFile;
        using var child = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(options.PidFile))
            {
                Console.Error.WriteLine($"hbd: running as pid {File.ReadAllText(options.PidFile).Trim()}, logging to {options.LogFile}");
                return ServerCommandLine.Ok;
            }
            if (child.HasExited)
                break;
            Thread.Sleep(50);
        }
        Console.Error.WriteLine($"hbd: the daemon did not start; see {options.LogFile}");
        return ServerCommandLine.RuntimeFailure;
    }

    /// <summary>Written by the daemon child once it listens; removed at clean exit.</summary>
    public static void WritePidFile(ServerOptions options) =>
        File.WriteAllText(options.PidFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");

    public static void RemovePidFile(ServerOptions options)
    {
        try
        {
            File.Delete(options.PidFile);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The command that starts this program: the native host, or dotnet with the assembly.</summary>
    private static IEnumerable<string> SelfCommand()
    {
        var process = Environment.ProcessPath ?? "hbd";
        if (Path.GetFileNameWithoutExtension(process) == "dotnet")
            return [process, Path.Combine(AppContext.BaseDirectory, "hbd.dll")];
        return [process];
    }
}
