using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Hbd.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real `hbd -f -c FILE` on loopback with free ports and the test's data_dir. Started means /healthz
/// answered. Output of every run so far is kept in <see cref="Output"/>. Dispose kills what is left.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly TestDirectory _dir;
    private readonly string _extraConfig;
    private readonly bool _fileSizeLimitable;
    private readonly X509Certificate2? _trusted;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputSync = new();
    private Process? _process;
    private Task _pumps = Task.CompletedTask;

    private ServerProcess(TestDirectory dir, string extraConfig, bool fileSizeLimitable, X509Certificate2? trusted)
    {
        _dir = dir;
        _extraConfig = extraConfig;
        _fileSizeLimitable = fileSizeLimitable;
        _trusted = trusted;
        ConfigPath = Path.Combine(dir.Root, "hbd.yaml");
        ChoosePorts();
    }

    public string ConfigPath { get; }

    public int HbPort { get; private set; }

    public int HbdPort { get; private set; }

    public int WsPort { get; private set; }

    public Api Api { get; private set; } = null!;

    /// <summary>SERVER argument for hbc.</summary>
    public string Address => $"127.0.0.1:{HbPort}";

    public IPEndPoint HeartbeatEndpoint => new(IPAddress.Loopback, HbPort);

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The process id of the current run.</summary>
    public int Pid => _process?.Id ?? throw new InvalidOperationException("hbd was never started");

    /// <summary>stdout and stderr of every run of this server, in order.</summary>
    public string Output
    {
        get
        {
            lock (_outputSync)
                return _output.ToString();
        }
    }

    /// <summary>
    /// Writes the config (ports, loopback, data_dir, then <paramref name="extraConfig"/>) and starts hbd.
    /// <paramref name="fileSizeLimitable"/> starts it with SIGXFSZ ignored, for <see cref="LimitFileSizeAsync"/>.
    /// With <paramref name="trusted"/> (an hbd configured with tls_cert), <see cref="Api"/> speaks HTTPS trusting it.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(TestDirectory dir, string extraConfig = "", bool fileSizeLimitable = false,
        X509Certificate2? trusted = null)
    {
        var server = new ServerProcess(dir, extraConfig, fileSizeLimitable, trusted);
        try
        {
            // Another test or program may take a port between the probe and hbd's bind: try fresh ones.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await server.StartAsync();
                    return server;
                }
                catch (PortTakenException) when (attempt < 3)
                {
                    server.ChoosePorts();
                }
            }
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Starts hbd on the current config and waits until /healthz answers 200.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
            throw new InvalidOperationException("hbd is already running");
        _process?.Dispose();
        // The shell execs hbd, so the process id stays hbd's; an ignored signal stays ignored across exec.
        var start = _fileSizeLimitable
            ? ProgramRun.StartInfo("/bin/sh", ["-c", "trap '' XFSZ; exec \"$0\" \"$@\"", Programs.Hbd, "-f", "-c", ConfigPath], _dir.Home)
            : ProgramRun.StartInfo(Programs.Hbd, ["-f", "-c", ConfigPath], _dir.Home);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = new Process { StartInfo = start };
        Append($"--- hbd -f -c {ConfigPath} ({DateTime.UtcNow:HH:mm:ss.fff})");
        process.Start();
        process.StandardInput.Close();
        _pumps = Task.WhenAll(Pump(process.StandardOutput), Pump(process.StandardError));
        _process = process;

        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await Api.IsHealthyAsync())
        {
            if (process.HasExited)
            {
                await WaitForExitAsync(process, CancellationToken.None);
                var output = Output;
                if (output.Contains("cannot listen", StringComparison.Ordinal))
                    throw new PortTakenException(output);
                throw new InvalidOperationException($"hbd exited with {process.ExitCode} before it was healthy:\n{output}");
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"hbd was not healthy within {StartTimeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(Poll.Every);
        }
    }

    /// <summary>SIGTERM, then waits for the exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        var process = _process ?? throw new InvalidOperationException("hbd was never started");
        if (!process.HasExited)
            ProgramRun.Signal(process.Id, "TERM");
        using var cancel = new CancellationTokenSource(StopTimeout);
        try
        {
            await WaitForExitAsync(process, cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"hbd did not stop within {StopTimeout.TotalSeconds} s of SIGTERM:\n{Output}");
        }
        return process.ExitCode;
    }

    /// <summary>
    /// Sets the running hbd's file size limit (RLIMIT_FSIZE, soft): a write past it fails with EFBIG as on a full
    /// disk, and unlike file permissions it holds for root. Null lifts it. Needs <c>fileSizeLimitable</c>.
    /// </summary>
    public async Task LimitFileSizeAsync(long? bytes)
    {
        if (!_fileSizeLimitable)
            throw new InvalidOperationException("start hbd with fileSizeLimitable: true, or SIGXFSZ kills it at the limit");
        var process = _process ?? throw new InvalidOperationException("hbd was never started");
        var limit = bytes is { } b ? b.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unlimited";
        var run = await ProgramRun.RunAsync("prlimit",
            ["--pid", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"--fsize={limit}:"], _dir.Home);
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"prlimit failed: {run}");
    }

    /// <summary>SIGKILL: no chance to flush or clean up.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("hbd was never started");
        if (!process.HasExited)
            ProgramRun.Signal(process.Id, "KILL");
        await WaitForExitAsync(process, CancellationToken.None);
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>Polls until <paramref name="condition"/> holds; on timeout the failure carries this server's output and status.</summary>
    public async Task Eventually(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        try
        {
            await Poll.Eventually(condition, what, timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\n" + await DiagnosticsAsync(), e);
        }
    }

    /// <summary>Polls until <paramref name="probe"/> gives a value; on timeout the failure carries output and status.</summary>
    public async Task<T> Eventually<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : struct
    {
        try
        {
            return await Poll.Eventually(probe, what, timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\n" + await DiagnosticsAsync(), e);
        }
    }

    /// <summary>/api/status and everything hbd wrote, for failure messages.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        string status;
        try
        {
            status = (await Api.StatusAsync()).ToString();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            status = e.Message;
        }
        return $"--- /api/status: {status}\n--- hbd output:\n{Output}";
    }

    public void Dispose()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
            }
            process.Dispose();
        }
        Api?.Dispose();
    }

    private void ChoosePorts()
    {
        HbPort = FreePorts.Next();
        HbdPort = FreePorts.Next();
        WsPort = FreePorts.Next();
        File.WriteAllText(ConfigPath, $"""
            # written by the end-to-end tests
            listen: 127.0.0.1
            hb_port: {HbPort}
            hbd_port: {HbdPort}
            ws_port: {WsPort}
            data_dir: "{_dir.DataDir}"

            """ + _extraConfig);
        Api?.Dispose();
        Api = _trusted is null ? new Api(HbdPort) : Api.Https(HbdPort, _trusted);
    }

    /// <summary>Waits for the exit and for the output to be read to its end.</summary>
    private async Task WaitForExitAsync(Process process, CancellationToken cancel)
    {
        await process.WaitForExitAsync(cancel);
        await _pumps.WaitAsync(cancel);
    }

    /// <summary>
    /// Reads one output stream into <see cref="Output"/>, split at \n only: BeginOutputReadLine would also
    /// split at \r and so hide a raw carriage return that hbd must never write.
    /// </summary>
    private async Task Pump(StreamReader reader)
    {
        var line = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            foreach (var c in buffer.AsSpan(0, read))
            {
                if (c != '\n')
                {
                    line.Append(c);
                    continue;
                }
                Append(line.ToString());
                line.Clear();
            }
        }
        if (line.Length > 0)
            Append(line.ToString());
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_outputSync)
            _output.AppendLine(line);
    }

    private sealed class PortTakenException(string output) : Exception(output);
}
