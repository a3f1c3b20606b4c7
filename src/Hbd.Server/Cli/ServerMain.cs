using Hbd.Common.Config;
using Hbd.Server.Config;

namespace Hbd.Server.Cli;

/// <summary>Loads the configuration, then checks it, detaches, or runs the server.</summary>
public static class ServerMain
{
    public static int Run(ServerArguments args)
    {
        ServerOptions options;
        try
        {
            options = LoadOptions(args.ConfigPath, out var warnings);
            foreach (var warning in warnings)
                Console.Error.WriteLine($"hbd: warning: {warning}");
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"hbd: {e.Message}");
            return ServerCommandLine.UsageError;
        }

        if (args.CheckConfig)
        {
            Console.WriteLine($"hbd: {options.ConfigPath ?? "no config file, embedded defaults"}: ok");
            return ServerCommandLine.Ok;
        }
        try
        {
            if (!args.Foreground && !Daemon.IsDaemonChild)
                return Daemon.Detach(options);
            return ServerApp.Run(options, args.Verbose, Daemon.IsDaemonChild, args.ConfigPath);
        }
        catch (StartupException e)
        {
            Console.Error.WriteLine($"hbd: {e.Message}");
            return ServerCommandLine.RuntimeFailure;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            Console.Error.WriteLine($"hbd: {e.Message}");
            return ServerCommandLine.RuntimeFailure;
        }
    }

    /// <summary>
    /// Finds and parses the config file; no file at all means the embedded defaults. Settings this build cannot serve are
    /// refused here, for the start, --check-config and a reload alike.
    /// </summary>
    public static ServerOptions LoadOptions(string? explicitPath, out IReadOnlyList<string> warnings)
    {
        var path = ConfigFileLocator.Find(explicitPath, ConfigFileLocator.ServerSearchOrder);
        var document = path is null ? ConfigDocument.Empty : ConfigDocument.Load(path);
        warnings = ConfigKeys.UnknownKeyWarnings(document);
        ServerOptionsSupport.EnsureSupported(document.Root);
        return ServerOptions.Parse(document);
    }
}
