using System.Net;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Hbd.EndToEnd.Tests.Infrastructure;

/// <summary>GETs against one hbd's HTTP API, parsed into detached <see cref="JsonElement"/>s.</summary>
public sealed class Api : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly HttpClient _http;

    public Api(int port)
        : this(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeout })
    {
    }

    private Api(HttpClient http) => _http = http;

    /// <summary>HTTPS to 127.0.0.1, trusting <paramref name="trusted"/> as the only root: full validation, names included.</summary>
    public static Api Https(int port, X509Certificate2 trusted)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            CustomTrustStore = { trusted },
            RevocationMode = X509RevocationMode.NoCheck,
        };
        return new Api(new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}"), Timeout = Timeout });
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>True when GET /healthz answers 200; false while nothing listens.</summary>
    public async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("/healthz", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>GET /healthz: the status code and the JSON body, whatever the status.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> HealthzAsync()
    {
        using var response = await _http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, doc.RootElement.Clone());
    }

    /// <summary>A POST without a body (writes from loopback need no token): the status code and the JSON body.</summary>
    public async Task<(int Status, JsonElement Body)> PostAsync(string path)
    {
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), null);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, doc.RootElement.Clone());
    }

    /// <summary>The JSON body of a GET that must answer 200.</summary>
    public async Task<JsonElement> GetAsync(string path) =>
        await TryGetAsync(path) ?? throw new InvalidOperationException($"GET {path}: 404");

    /// <summary>The JSON body of a GET, or null on 404; other statuses throw with the body.</summary>
    public async Task<JsonElement?> TryGetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }

    /// <summary>Every host /api/hosts lists, following its pages' cursors.</summary>
    public async Task<List<JsonElement>> HostsAsync()
    {
        var hosts = new List<JsonElement>();
        string? next = null;
        do
        {
            var page = await GetAsync("/api/hosts?limit=1000" + (next is null ? "" : "&cursor=" + Uri.EscapeDataString(next)));
            hosts.AddRange(page.GetProperty("hosts").EnumerateArray());
            next = page.GetProperty("next").GetString();
        }
        while (next is not null);
        return hosts;
    }

    /// <summary>GET /api/hosts/{name}, or null when the server does not know the host.</summary>
    public Task<JsonElement?> HostAsync(string name) => TryGetAsync($"/api/hosts/{Uri.EscapeDataString(name)}");

    /// <summary>The host's state ("up", "down" …) as /api/hosts/{name} gives it, or null when unknown to the server.</summary>
    public async Task<string?> StateOfAsync(string name) =>
        await HostAsync(name) is { } host ? host.GetProperty("state").GetString() : null;

    /// <summary>The host's state as the list /api/hosts gives it, or null when it is not listed.</summary>
    public async Task<string?> ListedStateOfAsync(string name)
    {
        foreach (var host in await HostsAsync())
        {
            if (host.GetProperty("name").GetString() == name)
                return host.GetProperty("state").GetString();
        }
        return null;
    }

    public Task<JsonElement> JournalAsync(string host) => GetAsync($"/api/journal?host={Uri.EscapeDataString(host)}");

    /// <summary>The kinds of the host's journal entries, newest first.</summary>
    public async Task<List<string>> JournalKindsAsync(string host) =>
        (await JournalAsync(host)).EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).ToList();

    public Task<JsonElement> StatusAsync() => GetAsync("/api/status");

    /// <summary>/api/status's datagrams.rejected.{reason}.</summary>
    public async Task<long> RejectedAsync(string reason) =>
        (await StatusAsync()).GetProperty("datagrams").GetProperty("rejected").GetProperty(reason).GetInt64();

    public async Task<long> AcceptedAsync() =>
        (await StatusAsync()).GetProperty("datagrams").GetProperty("accepted").GetInt64();

    public void Dispose() => _http.Dispose();
}
