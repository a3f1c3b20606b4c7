using System.CommandLine;
using Hbd.Common.Config;

namespace Hbd.Client.Cli;

/// <summary>hbc's options. Usage errors exit 2, like configuration errors.</summary>
internal static class ClientCommandLine
{
    public const int Ok = 0;
    public const int RuntimeFailure = 1;
    public const int UsageError = 2;

    public static int Run(string[] args)
    {
        var config = new Option<string?>("--config", "-c") { Description = "config file (default ~/.hb.yaml, then /etc/hb.yaml)", HelpName = "FILE" };
        var port = new Option<int?>("--port", "-p") { Description = "server UDP port (hb_port, default 50003)", HelpName = "N" };
        var interval = new Option<string?>("--interval", "-i") { Description = "heartbeat interval (interval, default 10)", HelpName = "SEC" };
        var name = new Option<string?>("--name", "-n") { Description = "host name reported (default: this machine's host name)", HelpName = "NAME" };
        var once = new Option<bool>("--once") { Description = "collect, send one heartbeat, exit" };
        var print = new Option<string?>("--print")
        {
            Description = "collect once and print what would be sent (no SERVER needed)",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "json|text",
        };
        print.AcceptOnlyFromAmong("json", "text");
        var message = new Option<string?>("--message", "-m") { Description = "send one message to the servers' journal and exit", HelpName = "TEXT" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "say what each beat does" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "only errors" };
        var servers = new Argument<string[]>("SERVER") { Description = "host, host:port, IPv4 or [IPv6]:port", Arity = ArgumentArity.ZeroOrMore };
        var root = new RootCommand("hbc: heartbeat agent. Collects this host's state and sends it to hbd servers over UDP.")
        {
            config, port, interval, name, once, print, message, verbose, quiet, servers,
        };

        root.SetAction(parsed =>
        {
            TimeSpan? every = null;
            if (parsed.GetValue(interval) is { } text)
            {
                if (!DurationParser.TryParse(text, out var parsedInterval) || parsedInterval < TimeSpan.FromSeconds(1))
                {
                    Console.Error.WriteLine($"hbc: --interval: '{text}' is not a duration of at least 1 second (10, 90s, 5m)");
                    return UsageError;
                }
                every = parsedInterval;
            }
            if (parsed.GetValue(port) is { } p && p is < 1 or > 65535)
            {
                Console.Error.WriteLine($"hbc: --port: {p} is not a port number (1-65535)");
                return UsageError;
            }
            var printGiven = parsed.GetResult(print) is not null;
            return ClientMain.Run(new ClientArguments
            {
                ConfigPath = parsed.GetValue(config),
                Port = parsed.GetValue(port),
                Interval = every,
                Name = parsed.GetValue(name),
                Once = parsed.GetValue(once),
                Print = printGiven ? parsed.GetValue(print) ?? "text" : null,
                Message = parsed.GetValue(message),
                Verbosity = parsed.GetValue(quiet) ? -1 : parsed.GetValue(verbose) ? 1 : 0,
                Servers = parsed.GetValue(servers) ?? [],
            });
        });
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
                Console.Error.WriteLine($"hbc: {error.Message}");
            Console.Error.WriteLine("Try 'hbc --help'.");
            return UsageError;
        }
        return result.Invoke();
    }
}
