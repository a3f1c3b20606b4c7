using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Hbd.Load;

/// <summary>hbload's options. Usage errors exit 2, as with hbd and hbc.</summary>
internal static class LoadCommandLine
{
    public const int UsageError = 2;

    public static int Run(string[] args)
    {
        var server = new Option<IPEndPoint>("--server")
        {
            Description = "hbd's heartbeat address: IPv4:PORT, [IPv6]:PORT or NAME:PORT",
            HelpName = "HOST:PORT",
            Required = true,
            CustomParser = ParseServer,
        };
        var hosts = new Option<int>("--hosts") { Description = "simulated hosts, load-000001 …", HelpName = "N", Required = true };
        hosts.Validators.Add(r => Check(r, r.GetValueOrDefault<int>() >= 1, "--hosts must be at least 1"));
        var rate = new Option<double>("--rate")
        {
            Description = "datagrams per second over all hosts, or max for as fast as possible",
            HelpName = "R",
            Required = true,
            CustomParser = ParseRate,
        };
        var seconds = new Option<double>("--seconds") { Description = "how long to send", HelpName = "S", Required = true };
        seconds.Validators.Add(r => Check(r, r.GetValueOrDefault<double>() is > 0 and <= 86_400, "--seconds must be more than 0 and at most 86400"));
        var key = new Option<string?>("--key") { Description = "the shared secret (hbd's key) to sign with; unsigned without", HelpName = "K" };
        key.Validators.Add(r => Check(r, r.GetValueOrDefault<string?>() is not "", "--key must not be empty"));
        var down = new Option<double>("--down")
        {
            Description = "percentage of hosts that stop after their first beat (every 10th at 10)",
            HelpName = "P",
            DefaultValueFactory = _ => 0,
        };
        down.Validators.Add(r => Check(r, r.GetValueOrDefault<double>() is >= 0 and <= 100, "--down must be 0 to 100"));
        var threads = new Option<int>("--threads")
        {
            Description = "sender threads, each with its own socket and a share of the hosts",
            HelpName = "T",
            DefaultValueFactory = _ => 1,
        };
        threads.Validators.Add(r => Check(r, r.GetValueOrDefault<int>() is >= 1 and <= 64, "--threads must be 1 to 64"));
        var batch = new Option<int>("--batch") { Description = "datagrams per sendmmsg call", HelpName = "B", DefaultValueFactory = _ => 64 };
        batch.Validators.Add(r => Check(r, r.GetValueOrDefault<int>() is >= 1 and <= 1024, "--batch must be 1 to 1024"));
        var pool = new Option<bool>("--pool")
        {
            Description = "encode and sign every beat before the clock starts (memory: beats × ~800 bytes; max sizes it for 400,000/s)",
        };
        var noOffload = new Option<bool>("--no-offload")
        {
            Description = "a message per datagram, without UDP segmentation offload (UDP_SEGMENT)",
        };

        var root = new RootCommand("hbload: simulated hosts sending heartbeats to hbd at a given rate, for load tests. "
            + "The last line of output is JSON: {\"sent\":…,\"seconds\":…,\"rate\":…, …}.")
        {
            server, hosts, rate, seconds, key, down, threads, batch, pool, noOffload,
        };
        root.Validators.Add(r =>
        {
            if (r.GetValue(threads) > r.GetValue(hosts))
                r.AddError("--threads must not exceed --hosts");
        });
        root.SetAction(parsed => LoadRun.Run(new LoadOptions(
            parsed.GetValue(server)!, parsed.GetValue(hosts), parsed.GetValue(rate), parsed.GetValue(seconds),
            parsed.GetValue(key), parsed.GetValue(down), parsed.GetValue(threads), parsed.GetValue(batch), parsed.GetValue(pool),
            !parsed.GetValue(noOffload))));

        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
                Console.Error.WriteLine($"hbload: {error.Message}");
            Console.Error.WriteLine("Try 'hbload --help'.");
            return UsageError;
        }
        return result.Invoke();
    }

    private static void Check(OptionResult result, bool valid, string message)
    {
        if (!valid)
            result.AddError(message);
    }

    private static double ParseRate(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (text == "max")
            return double.PositiveInfinity;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 && double.IsFinite(rate))
            return rate;
        result.AddError($"--rate must be a positive number or max, not '{text}'");
        return 0;
    }

    private static IPEndPoint? ParseServer(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is >= 1 and <= 65535)
        {
            var host = text[..colon].Trim('[', ']');
            if (IPAddress.TryParse(host, out var address))
                return new IPEndPoint(address, port);
            try
            {
                var addresses = Dns.GetHostAddresses(host);
                var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
                if (chosen is not null)
                    return new IPEndPoint(chosen, port);
            }
            catch (SocketException)
            {
            }
            result.AddError($"--server: cannot resolve '{host}'");
            return null;
        }
        result.AddError($"--server must be HOST:PORT with a port of 1 to 65535, not '{text}'");
        return null;
    }
}
