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

    private static void WriteBody(ref MessagePackWriter writer, Heartbeat beat)
    {
        var groups = beat.Metrics.Where(g => g.Values.Count > 0).ToList();
        var rated = groups.Where(g => g.Values.Any(m => m.Level != AlertLevel.Ok)).ToList();
        var fields = 4 + (beat.IsMessageOnly ? 0 : 2) + (groups.Count > 0 ? 1 : 0) + (rated.Count > 0 ? 1 : 0)
            + (beat.Checks.Count > 0 ? 1 : 0) + (beat.Inventory is null ? 0 : 1) + (beat.Message is null ? 0 : 1);
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
        if (groups.Count > 0)
        {
            writer.Write(WireFormat.KeyMetrics);
            WriteMetrics(ref writer, groups);
        }
        if (rated.Count > 0)
        {
            writer.Write(WireFormat.KeyLevels);
            WriteLevels(ref writer, rated);
        }
        if (beat.Checks.Count > 0)
        {
            writer.Write(WireFormat.KeyChecks);
            writer.WriteMapHeader(beat.Checks.Count);
            foreach (var check in beat.Checks)
            {
                writer.Write(check.Name);
                writer.WriteArrayHeader(2);
                writer.Write((byte)check.Level);
                writer.Write(Truncate(check.Message));
            }
        }
        if (beat.Inventory is not null)
        {
            writer.Write(WireFormat.KeyInventory);
            InventoryCodec.WriteMap(ref writer, beat.Inventory, 0);
        }
        if (beat.Message is not null)
        {
            writer.Write(WireFormat.KeyMessage);
            writer.Write(Truncate(beat.Message));
        }
    }

    private static void WriteMetrics(ref MessagePackWriter writer, List<MetricGroup> groups)
    {
        writer.WriteMapHeader(groups.Count);
        foreach (var group in groups)
        {
            writer.Write(group.Name);
            writer.WriteMapHeader(group.Values.Count);
            foreach (var metric in group.Values)
            {
                writer.Write(metric.Name);
                WriteNumber(ref writer, metric.Value);
            }
        }
    }

    private static void WriteLevels(ref MessagePackWriter writer, List<MetricGroup> rated)
    {
        writer.WriteMapHeader(rated.Count);
        foreach (var group in rated)
        {
            writer.Write(group.Name);
            writer.WriteMapHeader(group.Values.Count(m => m.Level != AlertLevel.Ok));
            foreach (var metric in group.Values.Where(m => m.Level != AlertLevel.Ok))
            {
                writer.Write(metric.Name);
                writer.Write((byte)metric.Level);
            }
        }
    }

    /// <summary>
    /// Integral values go as the smallest integer, others as float32 (7 significant digits, ample for
    /// monitoring), which keeps a typical beat well under one Ethernet MTU. Non-finite values go as 0.
    /// </summary>
    internal static void WriteNumber(ref MessagePackWriter writer, double value)
    {
        if (!double.IsFinite(value))
            writer.Write(0);
        else if (value == Math.Floor(value) && value is >= long.MinValue and < long.MaxValue)
            writer.Write((long)value);
        else
            writer.Write((float)value);
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
