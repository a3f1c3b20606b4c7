using System.Buffers;
using MessagePack;

namespace Hbd.Common.Protocol;

/// <summary>Writes heartbeats as datagrams (docs/protocol.md). Reuses one buffer: not thread-safe.</summary>
public sealed class HeartbeatEncoder
{
    private readonly ArrayBufferWriter<byte> _buffer = new(2048);

    /// <summary>Encodes and, with a signer, signs. The result is valid until the next call.</summary>
    public ReadOnlyMemory<byte> Encode(Heartbeat beat, HeartbeatSigner? signer = null)
    {
        _buffer.ResetWrittenCount();
        var header = _buffer.GetSpan(WireFormat.HeaderSize);
        header[0] = WireFormat.Magic0;
        header[1] = WireFormat.Magic1;
        header[2] = WireFormat.Version;
        header[3] = (byte)((signer is null ? 0 : WireFormat.FlagSigned) | (beat.IsMessageOnly ? WireFormat.FlagMessage : 0));
        _buffer.Advance(WireFormat.HeaderSize);

        var writer = new MessagePackWriter(_buffer);
        WriteBody(ref writer, beat);
        writer.Flush();

        if (signer is not null)
        {
            var signedLength = _buffer.WrittenCount;
            var tag = _buffer.GetSpan(WireFormat.TagSize)[..WireFormat.TagSize];
            signer.ComputeTag(_buffer.WrittenSpan[..signedLength], tag);
            _buffer.Advance(WireFormat.TagSize);
        }
        return _buffer.WrittenMemory;
    }

    /// <remarks>
    /// Counts before it writes, with plain loops over the lists, so that a beat without inventory is encoded
    /// without allocating. Entries without a name are left out rather than make the whole beat unreadable.
    /// </remarks>
    private static void WriteBody(ref MessagePackWriter writer, Heartbeat beat)
    {
        var metrics = beat.Metrics;
        int groups = 0, rated = 0;
        for (var g = 0; g < metrics.Count; g++)
        {
            groups += CountMetrics(metrics[g], ratedOnly: false) > 0 ? 1 : 0;
            rated += CountMetrics(metrics[g], ratedOnly: true) > 0 ? 1 : 0;
        }
        var checks = CountChecks(beat.Checks);
        var hasMessage = beat.Message is not null || beat.IsMessageOnly; // a message-only datagram needs key 10
        var fields = 4 + (beat.IsMessageOnly ? 0 : 2) + (groups > 0 ? 1 : 0) + (rated > 0 ? 1 : 0)
            + (checks > 0 ? 1 : 0) + (beat.Inventory is null ? 0 : 1) + (hasMessage ? 1 : 0);
        writer.WriteMapHeader(fields);
        writer.Write(WireFormat.KeyHost);
        writer.Write(beat.HostName);
        writer.Write(WireFormat.KeyRunId);
        writer.Write(beat.RunId);
        writer.Write(WireFormat.KeySequence);
        writer.Write(beat.Sequence);
        writer.Write(WireFormat.KeySentAt);
        writer.Write(beat.SentAt.ToUnixTimeMilliseconds());
        if (!beat.IsMessageOnly)
        {
            writer.Write(WireFormat.KeyInterval);
            writer.Write((uint)Math.Clamp(beat.Interval.TotalMilliseconds, 1, uint.MaxValue));
            writer.Write(WireFormat.KeyLevel);
            writer.Write((byte)beat.Level);
        }
        if (groups > 0)
        {
            writer.Write(WireFormat.KeyMetrics);
            WriteMetrics(ref writer, metrics, groups, ratedOnly: false);
        }
        if (rated > 0)
        {
            writer.Write(WireFormat.KeyLevels);
            WriteMetrics(ref writer, metrics, rated, ratedOnly: true);
        }
        if (checks > 0)
        {
            writer.Write(WireFormat.KeyChecks);
            WriteChecks(ref writer, beat.Checks, checks);
        }
        if (beat.Inventory is not null)
        {
            writer.Write(WireFormat.KeyInventory);
            InventoryCodec.WriteMap(ref writer, beat.Inventory, 0);
        }
        if (hasMessage)
        {
            writer.Write(WireFormat.KeyMessage);
            writer.Write(Truncate(beat.Message ?? ""));
        }
    }

    /// <summary>
    /// Key 6 (name → value) or, with <paramref name="ratedOnly"/>, key 7 (name → level of the metrics that are not OK),
    /// for the <paramref name="count"/> groups that have such metrics.
    /// </summary>
    private static void WriteMetrics(ref MessagePackWriter writer, IReadOnlyList<MetricGroup> metrics, int count, bool ratedOnly)
    {
        writer.WriteMapHeader(count);
        for (var g = 0; g < metrics.Count; g++)
        {
            var group = metrics[g];
            var values = CountMetrics(group, ratedOnly);
            if (values == 0)
                continue;
            writer.Write(Truncate(group.Name));
            writer.WriteMapHeader(values);
            for (var m = 0; m < group.Values.Count; m++)
            {
                var metric = group.Values[m];
                if (!IsSent(metric, ratedOnly))
                    continue;
                WriteMetricName(ref writer, metric.Name);
                if (ratedOnly)
                    writer.Write((byte)metric.Level);
                else
                    WriteNumber(ref writer, metric.Value);
            }
        }
    }

    private static void WriteChecks(ref MessagePackWriter writer, IReadOnlyList<CheckResult> checks, int count)
    {
        writer.WriteMapHeader(count);
        for (var c = 0; c < checks.Count; c++)
        {
            var check = checks[c];
            if (string.IsNullOrEmpty(check.Name))
                continue;
            writer.Write(Truncate(check.Name));
            writer.WriteArrayHeader(2);
            writer.Write((byte)check.Level);
            writer.Write(Truncate(check.Message ?? ""));
        }
    }

    /// <summary>The metrics of a group that go into key 6 (or key 7); none when the group has no name.</summary>
    private static int CountMetrics(MetricGroup group, bool ratedOnly)
    {
        if (string.IsNullOrEmpty(group.Name))
            return 0;
        var count = 0;
        for (var m = 0; m < group.Values.Count; m++)
            count += IsSent(group.Values[m], ratedOnly) ? 1 : 0;
        return count;
    }

    private static bool IsSent(in Metric metric, bool ratedOnly) =>
        !string.IsNullOrEmpty(metric.Name) && (!ratedOnly || metric.Level != AlertLevel.Ok);

    private static int CountChecks(IReadOnlyList<CheckResult> checks)
    {
        var count = 0;
        for (var c = 0; c < checks.Count; c++)
            count += string.IsNullOrEmpty(checks[c].Name) ? 0 : 1;
        return count;
    }

    /// <summary>A well-known name as its one-byte index in <see cref="WireFormat.WellKnownMetricNames"/>, any other as text.</summary>
    private static void WriteMetricName(ref MessagePackWriter writer, string name)
    {
        if (WireFormat.WellKnownMetricIndex.TryGetValue(name, out var index))
            writer.Write(index); // 1..127: a positive fixint
        else
            writer.Write(Truncate(name));
    }

    /// <summary>
    /// Integral values go as the smallest integer, others as float32 (7 significant digits, ample for
    /// monitoring), which keeps a typical beat well under one Ethernet MTU; as float64 only when float32 would
    /// overflow to infinity or underflow to 0. Non-finite values go as 0.
    /// </summary>
    internal static void WriteNumber(ref MessagePackWriter writer, double value)
    {
        if (!double.IsFinite(value))
        {
            writer.Write(0);
        }
        else if (value == Math.Floor(value) && value is >= long.MinValue and < long.MaxValue)
        {
            writer.Write((long)value);
        }
        else
        {
            var single = (float)value;
            if (float.IsInfinity(single) || single == 0) // a non-integral value is never 0 itself
                writer.Write(value);
            else
                writer.Write(single);
        }
    }

    /// <summary>Cuts a string to the protocol's limit on a character boundary.</summary>
    internal static string Truncate(string text)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(text) <= WireFormat.MaxStringBytes)
            return text;
        var length = Math.Min(text.Length, WireFormat.MaxStringBytes);
        while (System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > WireFormat.MaxStringBytes - 3)
            length--;
        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
            length--;
        return string.Concat(text.AsSpan(0, length), "…");
    }
}
