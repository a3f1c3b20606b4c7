namespace Hbd.Server.Notify;

/// <summary>
/// Wakes the sender when the store writer has committed outbox rows, so a notification leaves within moments of its event
/// rather than at the sender's next look.
/// </summary>
public sealed class NotificationSignal
{
    private readonly SemaphoreSlim _pulse = new(0, 1);

    public void Pulse()
    {
        // At most one pending pulse: several commits before the sender wakes need one look.
        try
        {
            _pulse.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    /// <summary>Waits for a pulse or the timeout; true when pulsed.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _pulse.WaitAsync(timeout, cancellationToken);
}
