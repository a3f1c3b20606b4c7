using System.Diagnostics;
using System.Globalization;
using Hbd.Server.Config;
using Hbd.Server.Hosting;

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
        // Refused here, on the terminal, rather than in the logfile by a child the user never sees.
        DataDirLock.EnsureFree(options.DataDir);
        CreateParentDirectory(options.LogFile);
        CreateParentDirectory(options.PidFile);
        // A pidfile already there is a dead hbd's, or another's that shares the path: not ours to delete.
        var previous = ReadPid(options.PidFile);
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
            if (ReadPid(options.PidFile) is { } pid && pid != previous)
            {
                Console.Error.WriteLine($"hbd: running as pid {pid}, logging to {options.LogFile}");
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

    /// <summary>Removes the pidfile if it still names this process: one that another has since taken over stays.</summary>
    public static void RemovePidFile(ServerOptions options)
    {
        try
        {
            if (ReadPid(options.PidFile) == Environment.ProcessId)
                File.Delete(options.PidFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static int? ReadPid(string pidFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void CreateParentDirectory(string file)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"cannot create {directory} for {file}: {e.Message}");
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
