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

    private ApiServer(TempDataDir dir, WebApplication app, int port)
    {
        _dir = dir;
        _app = app;
        Port = port;
        Registry = app.Services.GetRequiredService<HostRegistry>();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    public HostRegistry Registry { get; }

    public HttpClient Http { get; }

    /// <summary>Commits what the registry has now, as the store writer's next flush would; the API reads what was committed.</summary>
    public void Commit() => _app.Services.GetRequiredService<StoreWriter>().Flush();

    /// <param name="map">Adds endpoints of the test's own (say, one that fails) before the server starts.</param>
    /// <param name="configure">Changes the options further (say, metrics_export).</param>
    public static async Task<ApiServer> StartAsync(string? apiToken = null, string? readToken = null, Action<WebApplication>? map = null,
        Func<ServerOptions, ServerOptions>? configure = null)
    {
        var dir = new TempDataDir();
        var port = FreeTcpPort();
        var options = ServerOptions.Defaults with
        {
            DataDir = dir.Path,
            HbPort = 0,
            HbdPort = port,
            Listen = IPAddress.Loopback,
            ApiToken = apiToken,
            ReadToken = readToken,
        };
        var app = ServerApp.Build(configure?.Invoke(options) ?? options, verbose: false);
        map?.Invoke(app);
        await app.StartAsync();
        return new ApiServer(dir, app, port);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    private static int FreeTcpPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
