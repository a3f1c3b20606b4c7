using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Hbd.Server.Tests.Dns;

/// <summary>
/// A real BIND 9 (Debian's bind9) on a loopback port, in its own directory: a TSIG key made for the test, the dynamic zone
/// <c>dyn.test.</c> that the key may update, and <c>locked.test.</c> that nobody may (REFUSED). named runs in the foreground
/// (<c>-g</c>) and its log is kept, so a test can count the updates it took. <see cref="StopAsync"/> and
/// <see cref="StartAsync()"/> restart it on the same port, with the zone's changes kept in its journal.
/// </summary>
internal sealed class BindServer : IAsyncDisposable
{
    public const string Zone = "dyn.test";
    public const string LockedZone = "locked.test";
    public const string KeyName = "hbd-key";

    private readonly ConcurrentQueue<string> _log = new();
    private readonly string _dir;
    private Process? _process;

    private BindServer(string dir, int port, byte[] secret)
    {
        _dir = dir;
        Port = port;
        Secret = secret;
    }

    public int Port { get; }

    public byte[] Secret { get; }

    /// <summary>Everything named logged since it was first started.</summary>
    public IReadOnlyList<string> Log => [.. _log];

    /// <summary>The updates named took with the test's key: it logs one <c>signer "KEY" approved</c> line for each.</summary>
    public int UpdatesApproved => _log.Count(l => l.Contains($"signer \"{KeyName}\" approved", StringComparison.Ordinal));

    public static async Task<BindServer> StartNewAsync()
    {
        EnsureInstalled();
        var dir = Directory.CreateTempSubdirectory("hbd-bind-").FullName;
        var server = new BindServer(dir, FreeTcpPorts.Take(1)[0], RandomNumberGenerator.GetBytes(32));
        server.WriteConfig();
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Options for hbd to update <see cref="Zone"/> here, for <paramref name="hosts"/> (list form).</summary>
    public Hbd.Server.Dns.DnsOptions Options(params string[] hosts) => new()
    {
        Hosts = hosts.ToDictionary(h => h, h => $"{h}.{Zone}", StringComparer.OrdinalIgnoreCase),
        Server = "127.0.0.1",
        Port = Port,
        Zone = Zone,
        KeyName = KeyName,
        Secret = Secret,
    };

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("/usr/sbin/named") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-g", "-c", Path.Combine(_dir, "named.conf"), "-u", "root" })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("named did not start");
        _process = process;
        process.ErrorDataReceived += (_, e) => _log.Enqueue(e.Data ?? "");
        process.OutputDataReceived += (_, e) => _log.Enqueue(e.Data ?? "");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_log.Any(l => l.Contains("running", StringComparison.Ordinal)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"named did not come up: {string.Join('\n', _log)}");
            await Task.Delay(50);
        }
    }

    public async Task StopAsync()
    {
        if (_process is not { } process)
            return;
        _process = null;
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    /// <summary>What <c>dig +short</c> finds for the name and type, one address a line, sorted.</summary>
    public async Task<IReadOnlyList<string>> DigAsync(string name, string type)
    {
        var start = new ProcessStartInfo("/usr/bin/dig") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "+short", "+norecurse", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "@127.0.0.1", name, type })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)];
    }

    /// <summary>Waits until dig finds exactly <paramref name="expected"/> for the name and type.</summary>
    public async Task WaitForAsync(string name, string type, string[] expected, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        IReadOnlyList<string> found;
        while (!(found = await DigAsync(name, type)).SequenceEqual(expected.Order(StringComparer.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{name} {type}: expected [{string.Join(", ", expected)}], found [{string.Join(", ", found)}]\n{string.Join('\n', _log.TakeLast(30))}");
            await Task.Delay(50);
        }
    }

    private void WriteConfig()
    {
        var secret = Convert.ToBase64String(Secret);
        File.WriteAllText(Path.Combine(_dir, "named.conf"), $$"""
            key "{{KeyName}}" { algorithm hmac-sha256; secret "{{secret}}"; };
            key "{{KeyName}}-sha512" { algorithm hmac-sha512; secret "{{secret}}"; };
            key "{{KeyName}}-sha1" { algorithm hmac-sha1; secret "{{secret}}"; };
            controls { };
            options {
                directory "{{_dir}}";
                pid-file none;
                session-keyfile "{{_dir}}/session.key";
                managed-keys-directory "{{_dir}}";
                listen-on port {{Port}} { 127.0.0.1; };
                listen-on-v6 { none; };
                recursion no;
                notify no;
            };
            zone "{{Zone}}" { type primary; file "{{_dir}}/{{Zone}}.zone"; allow-update { key "{{KeyName}}"; key "{{KeyName}}-sha512"; key "{{KeyName}}-sha1"; }; };
            zone "{{LockedZone}}" { type primary; file "{{_dir}}/{{LockedZone}}.zone"; allow-update { none; }; };
            """);
        foreach (var zone in new[] { Zone, LockedZone })
        {
            File.WriteAllText(Path.Combine(_dir, zone + ".zone"), $"""
                $TTL 60
                @ IN SOA ns.{zone}. hostmaster.{zone}. 1 3600 600 86400 60
                @ IN NS ns.{zone}.
                ns IN A 127.0.0.1
                """ + "\n");
        }
    }

    private static void EnsureInstalled() =>
        DebianPackages.Ensure(() => File.Exists("/usr/sbin/named") && File.Exists("/usr/bin/dig"), "bind9", "bind9-dnsutils");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
