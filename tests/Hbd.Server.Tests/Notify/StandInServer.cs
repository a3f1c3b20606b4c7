using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Tests.Notify;

/// <summary>How a stand-in answers a request that passed its checks.</summary>
internal enum StandInMode
{
    /// <summary>As the service does: success, or its own error for bad credentials.</summary>
    Normal,

    /// <summary>429, with the service's rate-limit headers.</summary>
    RateLimited,

    /// <summary>500 with an HTML page, as a proxy in front of a failed service answers.</summary>
    ServerError,

    /// <summary>400 with the service's own error body.</summary>
    Reject,

    /// <summary>Never answers (until the client gives up or the stand-in stops).</summary>
    Hang,
}

/// <summary>A request as the stand-in received it: the exact body bytes, for signatures and encodings.</summary>
internal sealed record ReceivedRequest(string Method, string Path, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}

/// <summary>
/// A service's HTTP API on a loopback port (Kestrel). Every request is recorded and checked against the service's documented
/// API; a request that breaks it is answered 422 with what is wrong and kept in <see cref="Problems"/>, so a test both sees
/// the channel fail and can assert that nothing was wrong.
/// </summary>
internal abstract class StandInServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    public StandInMode Mode { get; set; }

    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public IReadOnlyList<string> Problems => [.. _problems];

    /// <summary>Released when a request has arrived (a hanging answer has begun).</summary>
    public SemaphoreSlim Arrived { get; } = new(0);

    /// <summary>What breaks the service's API in <paramref name="request"/>; empty when it is a request the service takes.</summary>
    protected abstract IEnumerable<string> Check(ReceivedRequest request);

    /// <summary>The service's answer in <see cref="StandInMode.Normal"/>, <see cref="StandInMode.RateLimited"/> or <see cref="StandInMode.Reject"/>.</summary>
    protected abstract Task AnswerAsync(HttpContext context, ReceivedRequest request, StandInMode mode);

    protected async Task ListenAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, FreeTcpPorts.Take(1)[0]));
            var app = builder.Build();
            app.Run(HandleAsync);
            try
            {
                await app.StartAsync();
                _app = app;
                break;
            }
            catch (IOException) when (attempt < 5)
            {
                // The port, free when chosen, was taken before the bind (another test, another process): choose again.
                await app.DisposeAsync();
            }
        }
        var started = _app;
        var address = started.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new ReceivedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.ContentType, headers, body.ToArray());
        _requests.Enqueue(request);
        Arrived.Release();
        var problems = Check(request).ToList();
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
                _problems.Enqueue(problem);
            context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await context.Response.WriteAsync("stand-in: " + string.Join("; ", problems));
            return;
        }
        switch (Mode)
        {
            case StandInMode.Hang:
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, wait.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
                return;
            case StandInMode.ServerError:
                context.Response.StatusCode = 500;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html>\n<body><h1>500 Internal Server Error</h1>\n</body></html>\n");
                return;
            default:
                await AnswerAsync(context, request, Mode);
                return;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _stopping.Dispose();
        Arrived.Dispose();
    }
}
