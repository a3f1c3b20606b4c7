using System.Globalization;
using System.Text;

namespace Hbd.Client.Agent;

/// <summary>Inventory goes out at start, when it changes, and at least every <see cref="MaxAge"/>; between, beats stay small.</summary>
internal sealed class InventorySchedule(TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    private string? _lastSent;
    private DateTimeOffset _sentAt;

    /// <summary>True when this inventory should ride on the current beat; records it as sent.</summary>
    public bool ShouldSend(IReadOnlyDictionary<string, object?> inventory)
    {
        if (inventory.Count == 0)
            return false;
        var fingerprint = Fingerprint(inventory);
        var now = time.GetUtcNow();
        if (fingerprint == _lastSent && now - _sentAt < MaxAge)
            return false;
        _lastSent = fingerprint;
        _sentAt = now;
        return true;
    }

    /// <summary>Sends it again with the next beat (after a send failed everywhere).</summary>
    public void Forget() => _lastSent = null;

    private static string Fingerprint(object? value)
    {
        var text = new StringBuilder();
        Append(text, value);
        return text.ToString();
    }

    /// <summary>Uptime-like counters would make every inventory look new; they are left out of the comparison.</summary>
    private static void Append(StringBuilder text, object? value)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> map:
                foreach (var (key, item) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (key is "uptime_s")
                        continue;
                    text.Append(key).Append('=');
                    Append(text, item);
                    text.Append(';');
                }
                break;
            case string s:
                text.Append(s);
                break;
            case System.Collections.IEnumerable list:
                text.Append('[');
                foreach (var item in list)
                {
                    Append(text, item);
                    text.Append(',');
                }
                text.Append(']');
                break;
            default:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
