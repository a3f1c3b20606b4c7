using System.Net;
using System.Net.Sockets;

namespace Hbd.Client.Sending;

/// <summary>
/// One server and where its name points now. Names are resolved in the background, again when the
/// last attempt failed or every <see cref="RefreshEvery"/>, so a slow or failing DNS never holds a beat.
/// </summary>
/// <param name="address">The server as given: a name or a literal, and a port.</param>
/// <param name="time">The clock that decides when a name is due again.</param>
/// <param name="resolve">The system resolver unless a test stands in for it.</param>
internal sealed class ServerTarget(ServerAddress address, TimeProvider time, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan RetryFailedAfter = TimeSpan.FromSeconds(10);

    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? Dns.GetHostAddressesAsync;
    private readonly Lock _sync = new();
    private IPEndPoint? _endpoint = IPAddress.TryParse(address.Host, out var literal) ? new IPEndPoint(literal, address.Port) : null;
    private DateTimeOffset _resolvedAt = DateTimeOffset.MinValue;
    private bool _lastFailed = true; // never resolved: due at once
    private Task? _resolving;

    public ServerAddress Address { get; } = address;

    public bool IsLiteral { get; } = IPAddress.TryParse(address.Host, out _);

    /// <summary>The endpoint to send to now, or null while the name has never resolved.</summary>
    public IPEndPoint? Endpoint
    {
        get
        {
            lock (_sync)
                return _endpoint;
        }
    }

    /// <summary>Why the last lookup failed ("Name or service not known"), null after one that succeeded.</summary>
    public string? LastError { get; private set; }

    /// <summary>Starts a background resolution when one is due; never waits for it.</summary>
    public void RefreshIfDue()
    {
        if (IsLiteral)
            return;
        lock (_sync)
        {
            var due = time.GetUtcNow() - _resolvedAt >= (_lastFailed ? RetryFailedAfter : RefreshEvery);
            if (due)
                StartOrJoin();
        }
    }

    /// <summary>
    /// Resolves now, or joins the lookup under way, and waits until it ends or <paramref name="cancel"/> fires (for
    /// the first beat, --once and -m); a lookup still running then goes on in the background.
    /// </summary>
    public async Task ResolveNowAsync(CancellationToken cancel)
    {
        if (IsLiteral)
            return;
        Task lookup;
        lock (_sync)
            lookup = StartOrJoin();
        try
        {
            await lookup.WaitAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One lookup at a time: a hung resolver must not pile up lookups, one per beat.</summary>
    private Task StartOrJoin()
    {
        if (_resolving is { IsCompleted: false } running)
            return running;
        _resolvedAt = time.GetUtcNow();
        return _resolving = ResolveAsync();
    }

    private async Task ResolveAsync()
    {
        try
        {
            var addresses = await _resolve(Address.Host, CancellationToken.None).ConfigureAwait(false);
            // IPv4 first: one address per server, or the server would see every beat twice.
            var chosen = addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault();
            lock (_sync)
            {
                _lastFailed = chosen is null;
                if (chosen is not null)
                    _endpoint = new IPEndPoint(chosen, Address.Port);
            }
            LastError = chosen is null ? "no address" : null;
        }
        catch (Exception e) when (e is SocketException or ArgumentException or OperationCanceledException)
        {
            lock (_sync)
                _lastFailed = true;
            LastError = e.Message;
        }
    }
}
