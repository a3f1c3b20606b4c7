using System.Runtime.InteropServices;
using Hbd.Client.Agent;
using Hbd.Client.Config;
using Hbd.Client.Plugins;
using Hbd.Client.Sending;
using Hbd.Client.Thresholds;
using Hbd.Common.Config;
using Hbd.Common.Protocol;

namespace Hbd.Client.Cli;

/// <summary>Turns arguments and config into an agent, then beats, sends once, prints or sends a message.</summary>
internal static class ClientMain
{
    public static int Run(ClientArguments args)
    {
        var log = new AgentLog(args.Verbosity);
        HeartbeatAgent agent;
        try
        {
            agent = Build(args, log, out var serverCount);
            if (serverCount == 0 && args.Print is null)
            {
                Console.Error.WriteLine("hbc: no server given: name one on the command line or under 'servers' in the config (or use --print)");
                agent.Dispose();
                return ClientCommandLine.UsageError;
            }
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"hbc: {e.Message}");
            return ClientCommandLine.UsageError;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"hbc: {e.Message}");
            return ClientCommandLine.UsageError;
        }

        using (agent)
        {
            if (args.Message is not null)
                return SendOnce(agent, agent.Message(args.Message), log);
            if (args.Print is not null)
            {
                var beat = PrimedBeat(agent);
                BeatPrinter.Print(beat, agent.Encode(beat).Length, args.Print, Console.Out);
                return ClientCommandLine.Ok;
            }
            if (args.Once)
                return SendOnce(agent, PrimedBeat(agent), log);
            return RunForever(agent, log);
        }
    }

    private static HeartbeatAgent Build(ClientArguments args, AgentLog log, out int serverCount)
    {
        var path = ConfigFileLocator.Find(args.ConfigPath, ConfigFileLocator.ClientSearchOrder);
        var document = path is null ? ConfigDocument.Empty : ConfigDocument.Load(path);
        var warnings = ConfigKeys.UnknownKeyWarnings(document).ToList();
        var options = ClientOptions.Parse(document);
        if (options.Encrypt)
            throw document.Root.ErrorAt("encrypt", "encryption is not available in this version; use 'key' to sign heartbeats");

        var name = args.Name ?? options.Name ?? Environment.MachineName;
        if (!HostNames.IsValid(name))
            throw new UsageException($"host name '{name}' is not valid: use 1-253 letters, digits, '-', '_' and '.' (set it with -n or 'name')");
        var port = args.Port ?? options.HbPort;
        var servers = new List<ServerTarget>();
        foreach (var text in args.Servers.Count > 0 ? args.Servers : options.Servers)
        {
            // Checked already, on the command line or in the file; only the default port is new here.
            if (ClientSettingRules.CheckServer(text, port, out var address) is { } error)
                throw new UsageException($"{text}: server: {error}");
            servers.Add(new ServerTarget(address!, TimeProvider.System));
        }
        serverCount = servers.Count;

        var plugins = PluginConfig.Create(options.Plugins, PluginContext.Default with { Problems = log.Problems }, warnings);
        foreach (var warning in warnings)
            log.Note($"warning: {warning}");
        var interval = args.Interval ?? options.Interval;
        var thresholds = ThresholdSet.Parse(options.Thresholds);
        var collector = new BeatCollector(plugins, thresholds, BeatCollector.BudgetFor(interval), log);
        return new HeartbeatAgent(name, interval, collector, servers, options.Key, TimeProvider.System, log);
    }

    private static Heartbeat PrimedBeat(HeartbeatAgent agent) => agent.PrimedBeat();

    private static int SendOnce(HeartbeatAgent agent, Heartbeat beat, AgentLog log)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        agent.ResolveAllAsync(timeout.Token).GetAwaiter().GetResult();
        var failures = agent.SendOnce(beat);
        if (failures.Count == 0)
            return ClientCommandLine.Ok;
        log.Error($"the heartbeat reached no server: {string.Join("; ", failures)}");
        return ClientCommandLine.RuntimeFailure;
    }

    private static int RunForever(HeartbeatAgent agent, AgentLog log)
    {
        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        log.Detail($"run {agent.RunId:x16} started");
        agent.RunAsync(stop.Token).GetAwaiter().GetResult();
        return ClientCommandLine.Ok;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}

/// <summary>A mistake on the command line that is not a config file's: exit 2 with this message.</summary>
internal sealed class UsageException(string message) : Exception(message);
