using System.Net;
using System.Net.Sockets;
using Hbd.Server.Config;
using Hbd.Server.Hosts;
using Hbd.Server.Store;
using Hbd.Server.Tests.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Hbd.Server.Tests.Api;

/// <summary>The real server in-process on a free loopback port, with its own data directory.</summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly TempDataDir _dir;
    private readonly WebApplication _app;

    private ApiServer(TempDataDir dir, WebApplication app, int port, int wsPort)
    {
        _dir = dir;
        _app = app;
        Port = port;
        WsPort = wsPort;
        Registry = app.Services.GetRequiredService<HostRegistry>();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    /// <summary>The WebSocket feed's own port.</summary>
    public int WsPort { get; }

    public IServiceProvider Services => _app.Services;

    public HostRegistry Registry { get; }

    public HttpClient Http { get; }

    /// <summary>One of the running server's services, for a test that sets up state the API cannot (an expired silence).</summary>
    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Commits what the registry has now, as the store writer's next flush would; the API reads what was committed.</summary>
    public void Commit() => _app.Services.GetRequiredService<StoreWriter>().Flush();

    /// <param name="map">Adds endpoints of the test's own (say, one that fails) before the server starts.</param>
    /// <param name="configure">Sets further options (keys, max_hosts …) on the test's defaults.</param>
    /// <param name="services">Replaces services of the server's (a smaller feed queue, say).</param>
    public static async Task<ApiServer> StartAsync(string? apiToken = null, string? readToken = null, Action<WebApplication>? map = null,
        Func<ServerOptions, ServerOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var dir = new TempDataDir();
        for (var attempt = 1; ; attempt++)
        {
            var options = LoopbackOptions(dir.Path, apiToken, readToken);
            WebApplication app;
            try
            {
                app = ServerApp.Build(configure?.Invoke(options) ?? options, verbose: false, overrides: services);
            }
            catch (StartupException e) when (attempt < BindAttempts && e.Message.Contains("address already in use", StringComparison.Ordinal))
            {
                continue; // a port free when chosen was taken before the bind (another test, another process): choose again
            }
            map?.Invoke(app);
            await app.StartAsync();
            return new ApiServer(dir, app, options.HbdPort, options.WsPort);
        }
    }

    /// <summary>Ports are chosen free and bound a moment later, when another process may have taken one.</summary>
    private const int BindAttempts = 5;

    /// <summary>A server's options for a test: loopback, free HTTP and feed ports, any UDP port, the test's data directory.</summary>
    public static ServerOptions LoopbackOptions(string dataDir, string? apiToken = null, string? readToken = null)
    {
        var ports = FreeTcpPorts.Take(2);
        return ServerOptions.Defaults with
        {
            DataDir = dataDir,
            HbPort = 0,
            HbdPort = ports[0],
            WsPort = ports[1],
            Listen = IPAddress.Loopback,
            ApiToken = apiToken,
            ReadToken = readToken,
        };
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }

}
