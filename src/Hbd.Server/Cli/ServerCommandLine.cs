using System.CommandLine;

namespace Hbd.Server.Cli;

/// <summary>hbd's options. Usage errors exit 2, like configuration errors.</summary>
public static class ServerCommandLine
{
    public const int Ok = 0;
    public const int RuntimeFailure = 1;
    public const int UsageError = 2;

    public static int Run(string[] args)
    {
        var config = new Option<string?>("--config", "-c") { Description = "config file (default ~/.hb.yaml, then /etc/hbd.yaml)", HelpName = "FILE" };
        var foreground = new Option<bool>("--foreground", "-f") { Description = "stay in the foreground and log to stderr (systemd, containers)" };
        var checkConfig = new Option<bool>("--check-config") { Description = "validate the config, print problems, exit" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "log more" };
        var root = new RootCommand("hbd: heartbeat monitoring daemon. Receives hbc heartbeats, tracks hosts, serves the API and web UI.")
        {
            config, foreground, checkConfig, verbose,
        };
        root.SetAction(parsed => ServerMain.Run(new ServerArguments(
            parsed.GetValue(config), parsed.GetValue(foreground), parsed.GetValue(checkConfig), parsed.GetValue(verbose))));

        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
                Console.Error.WriteLine($"hbd: {error.Message}");
            Console.Error.WriteLine("Try 'hbd --help'.");
            return UsageError;
        }
        return result.Invoke();
    }
}
