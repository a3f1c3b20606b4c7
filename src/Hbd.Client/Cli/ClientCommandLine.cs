using System.CommandLine;
using Hbd.Client.Config;

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
        var port = new Option<string?>("--port", "-p") { Description = "server UDP port (hb_port, default 50003)", HelpName = "N" };
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
            var serverTexts = parsed.GetValue(servers) ?? [];
            // System.CommandLine hands an unknown option to SERVER; it is no server.
            if (serverTexts.FirstOrDefault(text => text.Length > 1 && text[0] == '-') is { } unknown)
                return Usage($"unknown option '{unknown}'");

            TimeSpan? every = null;
            if (parsed.GetValue(interval) is { } intervalText)
            {
                if (ClientSettingRules.CheckInterval(intervalText, out var value) is { } error)
                    return Usage($"{Given(parsed, interval, intervalText)}: interval: {error}");
                every = value;
            }
            int? hbPort = null;
            if (parsed.GetValue(port) is { } portText)
            {
                if (ClientSettingRules.CheckPort(portText, out var value) is { } error)
                    return Usage($"{Given(parsed, port, portText)}: port: {error}");
                hbPort = value;
            }
            var hostName = parsed.GetValue(name);
            if (hostName is not null && ClientSettingRules.CheckName(hostName) is { } nameError)
                return Usage($"{Given(parsed, name, hostName)}: name: {nameError}");
            foreach (var text in serverTexts)
            {
                if (ClientSettingRules.CheckServer(text, ClientOptions.DefaultHbPort, out _) is { } error)
                    return Usage($"{text}: server: {error}");
            }

            var printGiven = parsed.GetResult(print) is not null;
            return ClientMain.Run(new ClientArguments
            {
                ConfigPath = parsed.GetValue(config),
                Port = hbPort,
                Interval = every,
                Name = hostName?.Trim(),
                Once = parsed.GetValue(once),
                Print = printGiven ? parsed.GetValue(print) ?? "text" : null,
                Message = parsed.GetValue(message),
                Verbosity = parsed.GetValue(quiet) ? -1 : parsed.GetValue(verbose) ? 1 : 0,
                Servers = serverTexts,
            });
        });
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
            return Usage($"{OneLine(result.Errors[0].Message).TrimEnd('.')} (try 'hbc --help')");
        return result.Invoke();
    }

    /// <summary>One line on stderr, exit 2.</summary>
    private static int Usage(string message)
    {
        Console.Error.WriteLine($"hbc: {message}");
        return UsageError;
    }

    // Some of System.CommandLine's messages list the allowed values one a line.
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The option as the user wrote it (<c>-i</c> or <c>--interval</c>) with its value: <c>-i 2d</c>.</summary>
    private static string Given(ParseResult parsed, Option option, string value) =>
        $"{parsed.GetResult(option)?.IdentifierToken?.Value ?? option.Name} {value}";
}
