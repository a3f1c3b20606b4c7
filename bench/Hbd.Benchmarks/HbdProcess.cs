using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Hbd.Benchmarks;

/// <summary>
/// The built `hbd -f -c CONFIG` as a process of its own, so that /proc/PID gives its CPU time and memory apart from
/// the sender's. Loopback, free ports, a temporary data_dir and a shared key (beats are verified, so the limits on
/// unverified peers never apply); the rest is default but for history_days. Stopping deletes the data_dir.
/// </summary>
internal sealed class HbdProcess : IAsyncDisposable
{
    /// <summary>/proc/PID/stat counts CPU time in USER_HZ, which Linux fixes at 100 for user space.</summary>
    private const double TicksPerSecond = 100;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private HbdProcess(string dataDir, int hbPort, Process process, HttpClient http)
    {
        DataDir = dataDir;
        HbPort = hbPort;
        _process = process;
        Http = http;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
    }

    public string DataDir { get; }

    public int HbPort { get; }

    public HttpClient Http { get; }

    /// <summary>hbd's apphost as built by `dotnet build -c Release` (the benchmarks project builds it as a reference).</summary>
    public static string Executable()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "hbd.slnx")))
                return Path.Combine(dir.FullName, "src", "Hbd.Server", "bin", "Release", "net10.0", "hbd");
        }
        throw new InvalidOperationException($"no hbd.slnx above {AppContext.BaseDirectory}");
    }

    /// <summary>Writes the config, starts hbd and waits until /healthz answers 200.</summary>
    public static async Task<HbdProcess> StartAsync(string executable, string key, int historyDays, string extraConfig = "")
    {
        var dataDir = Directory.CreateTempSubdirectory("hbd-history-load-").FullName;
        var ports = FreePorts(3);
        var (hbPort, hbdPort, wsPort) = (ports[0], ports[1], ports[2]);
        var config = Path.Combine(dataDir, "hbd.yaml");
        await File.WriteAllTextAsync(config, $"""
            listen: 127.0.0.1
            hb_port: {hbPort}
            hbd_port: {hbdPort}
            ws_port: {wsPort}
            data_dir: "{dataDir}"
            key: "{key}"
            history_days: {historyDays}
            {extraConfig}
            """);
        var start = new ProcessStartInfo(executable, ["-f", "-c", config])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {executable}");
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{hbdPort}"), Timeout = TimeSpan.FromSeconds(30) };
        var server = new HbdProcess(dataDir, hbPort, process, http);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await server.IsHealthyAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var output = server.Output;
                await server.DisposeAsync();
                throw new InvalidOperationException($"hbd did not become healthy:\n{output}");
            }
            await Task.Delay(100);
        }
        return server;
    }

    /// <summary>The last lines hbd wrote, for error messages.</summary>
    public string Output
    {
        get
        {
            lock (_lastLines)
                return string.Join('\n', _lastLines);
        }
    }

    /// <summary>/api/status as parsed JSON.</summary>
    public async Task<JsonElement> StatusAsync()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri("/api/status", UriKind.Relative)));
        return document.RootElement.Clone();
    }

    /// <summary>User plus system CPU seconds hbd has used since it started.</summary>
    public double CpuSeconds()
    {
        // The command name in field 2 may hold spaces: count fields after its closing parenthesis (state is field 3).
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture))
            / TicksPerSecond;
    }

    /// <summary>A figure in kB from /proc/PID/status (VmRSS, VmHWM), in MiB.</summary>
    public double StatusMiB(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>
    /// Datagrams the kernel dropped at hbd's heartbeat socket because its receive queue was full (the last column of
    /// /proc/net/udp): what hbd never saw, so never counted.
    /// </summary>
    public long UdpDrops()
    {
        var port = ":" + HbPort.ToString("X4", CultureInfo.InvariantCulture);
        return File.ReadLines("/proc/net/udp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields[1].EndsWith(port, StringComparison.Ordinal))
            .Sum(fields => long.Parse(fields[^1], CultureInfo.InvariantCulture));
    }

    /// <summary>history.db and its write-ahead log, in bytes.</summary>
    public long HistoryBytes() => FileBytes("history.db") + FileBytes("history.db-wal");

    /// <summary>SIGTERM, waits for the exit, and deletes the data_dir.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                using (var kill = Process.Start("kill", ["-TERM", "--", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                    await kill.WaitForExitAsync();
                using var timeout = new CancellationTokenSource(StopTimeout);
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    Console.Error.WriteLine($"hbd did not stop within {StopTimeout.TotalSeconds} s of SIGTERM; killed");
                    _process.Kill();
                    await _process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            _process.Dispose();
            Http.Dispose();
            Directory.Delete(DataDir, recursive: true);
        }
    }

    private async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri("/healthz", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private long FileBytes(string name) => new FileInfo(Path.Combine(DataDir, name)) is { Exists: true } file ? file.Length : 0;

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 40)
                _lastLines.Dequeue();
        }
    }

    /// <summary>
    /// Loopback ports free for both TCP and UDP (hb_port is UDP, the others TCP), all held open until every one is
    /// chosen so that none is handed out twice.
    /// </summary>
    private static int[] FreePorts(int count)
    {
        var held = new List<Socket>();
        var ports = new List<int>();
        try
        {
            for (var attempt = 0; ports.Count < count && attempt < 100; attempt++)
            {
                var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                held.Add(tcp);
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
                var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                held.Add(udp);
                try
                {
                    udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                    ports.Add(port);
                }
                catch (SocketException)
                {
                }
            }
            return ports.Count == count ? [.. ports] : throw new InvalidOperationException("no free loopback ports");
        }
        finally
        {
            foreach (var socket in held)
                socket.Dispose();
        }
    }
}
