using System.Net;
using System.Net.Sockets;

namespace Hbd.Client.Sending;

/// <summary>
/// One server and where its name points now. Names are resolved in the background, again when the
/// last attempt failed or every <see cref="RefreshEvery"/>, so a slow or failing DNS never holds a beat.
/// </summary>
internal sealed class ServerTarget(ServerAddress address, TimeProvider time)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan RetryFailedAfter = TimeSpan.FromSeconds(10);

    private readonly Lock _sync = new();
    private IPEndPoint? _endpoint = IPAddress.TryParse(address.Host, out var literal) ? new IPEndPoint(literal, address.Port) : null;
    private DateTimeOffset _resolvedAt = DateTimeOffset.MinValue;
    private bool _lastFailed;
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

    public string? LastError { get; private set; }

    /// <summary>Starts a background resolution when one is due; never waits for it.</summary>
    public void RefreshIfDue()
    {
        if (IsLiteral)
            return;
        lock (_sync)
        {
            var age = time.GetUtcNow() - _resolvedAt;
            var due = _endpoint is null || age >= (_lastFailed ? RetryFailedAfter : RefreshEvery);
            if (!due || _resolving is { IsCompleted: false })
                return;
            _resolvedAt = time.GetUtcNow();
            _resolving = ResolveAsync();
        }
    }

    /// <summary>Resolves now and waits (for --once and -m, which have only one chance).</summary>
    public async Task ResolveNowAsync(CancellationToken cancel)
    {
        if (!IsLiteral)
            await ResolveAsync(cancel).ConfigureAwait(false);
    }

    private async Task ResolveAsync(CancellationToken cancel = default)
    {
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(Address.Host, cancel).ConfigureAwait(false);
            // IPv4 first: one address per server, or the server would see every beat twice.
            var chosen = addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault();
            lock (_sync)
            {
                _lastFailed = chosen is null;
                if (chosen is not null)
                    _endpoint = new IPEndPoint(chosen, Address.Port);
            }
            LastError = chosen is null ? $"{Address.Host}: no address" : null;
        }
        catch (Exception e) when (e is SocketException or ArgumentException or OperationCanceledException)
        {
            lock (_sync)
                _lastFailed = true;
            LastError = $"{Address.Host}: {e.Message}";
        }
    }
}
