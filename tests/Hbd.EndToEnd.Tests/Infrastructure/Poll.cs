namespace Hbd.EndToEnd.Tests.Infrastructure;

/// <summary>Waits for a condition by polling; a probe that throws (a server still starting) counts as not yet.</summary>
public static class Poll
{
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);

    /// <summary>Generous enough for a loaded 2-core machine; a passing test never waits this long.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static Task Eventually(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        Eventually(async () => await condition() ? true : (bool?)null, what, timeout);

    public static Task Eventually(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually(() => Task.FromResult(condition()), what, timeout);

    /// <summary>Polls until <paramref name="probe"/> returns a value, and returns it.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : struct
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await probe() is { } value)
                    return value;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                last = e;
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s waiting for: {what}"
                    + (last is null ? "" : $" (last error: {last.Message})"));
            await Task.Delay(Every);
        }
    }
}
