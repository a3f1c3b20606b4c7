using MessagePack;

namespace Hbd.Common.Protocol;

/// <summary>
/// Turns a decoded frame (or a stored body) into a full <see cref="Heartbeat"/>. Allocates: for the API,
/// tools and tests, not for the receive path.
/// </summary>
public static class HeartbeatReader
{
    /// <summary>Decodes and materialises a datagram; null when the decoder rejects it.</summary>
    public static Heartbeat? Read(ReadOnlyMemory<byte> datagram, out DecodeStatus status)
    {
        status = HeartbeatDecoder.TryDecode(datagram, out var frame);
        return status == DecodeStatus.Ok ? Read(frame) : null;
    }

    public static Heartbeat Read(in HeartbeatFrame frame) => ReadBody(frame.Body, frame.IsMessageOnly);

    /// <summary>Reads a body that <see cref="HeartbeatDecoder"/> accepted earlier (the server stores bodies as they came).</summary>
    public static Heartbeat ReadBody(ReadOnlyMemory<byte> body, bool isMessageOnly = false)
    {
        var reader = new MessagePackReader(body);
        var count = reader.ReadMapHeader();
        var host = "";
        ulong runId = 0, sequence = 0;
        long sentAt = 0;
        uint interval = 0;
        var level = AlertLevel.Ok;
        var metrics = new List<MetricGroup>();
        Dictionary<(string, string), AlertLevel>? levels = null;
        var checks = new List<CheckResult>();
        Dictionary<string, object?>? inventory = null;
        string? text = null;
        for (var i = 0; i < count; i++)
        {
            switch (reader.ReadInt32())
            {
                case WireFormat.KeyHost: host = reader.ReadString() ?? ""; break;
                case WireFormat.KeyRunId: runId = reader.ReadUInt64(); break;
                case WireFormat.KeySequence: sequence = reader.ReadUInt64(); break;
                case WireFormat.KeySentAt: sentAt = reader.ReadInt64(); break;
                case WireFormat.KeyInterval: interval = reader.ReadUInt32(); break;
                case WireFormat.KeyLevel: level = (AlertLevel)reader.ReadByte(); break;
                case WireFormat.KeyMetrics: ReadMetrics(ref reader, metrics); break;
                case WireFormat.KeyLevels: levels = ReadLevels(ref reader); break;
                case WireFormat.KeyChecks: ReadChecks(ref reader, checks); break;
                case WireFormat.KeyInventory: inventory = InventoryCodec.ReadMap(ref reader); break;
                case WireFormat.KeyMessage: text = reader.ReadString() ?? ""; break;
                default: reader.Skip(); break;
            }
        }
        if (levels is not null)
            metrics = ApplyLevels(metrics, levels);
        return new Heartbeat
        {
            HostName = host,
            RunId = runId,
            Sequence = sequence,
            SentAt = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(sentAt, -62135596800000L, 253402300799999L)),
            Interval = TimeSpan.FromMilliseconds(interval),
            Level = level,
            Metrics = metrics,
            Checks = checks,
            Inventory = inventory,
            Message = text,
            IsMessageOnly = isMessageOnly,
        };
    }

    /// <summary>Reads an inventory map kept from an accepted frame (<see cref="HeartbeatFrame.Inventory"/>).</summary>
    public static Dictionary<string, object?> ReadInventory(ReadOnlyMemory<byte> inventory)
    {
        var reader = new MessagePackReader(inventory);
        return InventoryCodec.ReadMap(ref reader);
    }

    private static void ReadMetrics(ref MessagePackReader reader, List<MetricGroup> metrics)
    {
        var groups = reader.ReadMapHeader();
        for (var g = 0; g < groups; g++)
        {
            var name = reader.ReadString() ?? "";
            var count = reader.ReadMapHeader();
            var values = new Metric[count];
            for (var v = 0; v < count; v++)
            {
                var metricName = ReadMetricName(ref reader);
                values[v] = new Metric(metricName, ReadNumber(ref reader));
            }
            metrics.Add(new MetricGroup(name, values));
        }
    }

    private static Dictionary<(string, string), AlertLevel> ReadLevels(ref MessagePackReader reader)
    {
        var levels = new Dictionary<(string, string), AlertLevel>();
        var groups = reader.ReadMapHeader();
        for (var g = 0; g < groups; g++)
        {
            var group = reader.ReadString() ?? "";
            var count = reader.ReadMapHeader();
            for (var v = 0; v < count; v++)
            {
                var name = ReadMetricName(ref reader);
                levels[(group, name)] = (AlertLevel)reader.ReadByte();
            }
        }
        return levels;
    }

    /// <summary>A metric name as a string, or as its index in <see cref="WireFormat.WellKnownMetricNames"/>.</summary>
    private static string ReadMetricName(ref MessagePackReader reader) =>
        reader.NextMessagePackType == MessagePackType.Integer ? WireFormat.WellKnownMetricNames[reader.ReadByte()] : reader.ReadString() ?? "";

    private static double ReadNumber(ref MessagePackReader reader) =>
        reader.NextMessagePackType != MessagePackType.Integer ? reader.ReadDouble()
        : reader.NextCode == MessagePackCode.UInt64 ? reader.ReadUInt64()
        : reader.ReadInt64();

    private static List<MetricGroup> ApplyLevels(List<MetricGroup> metrics, Dictionary<(string, string), AlertLevel> levels) =>
        metrics.Select(g => g with
        {
            Values = g.Values.Select(m => levels.TryGetValue((g.Name, m.Name), out var l) ? m with { Level = l } : m).ToArray(),
        }).ToList();

    private static void ReadChecks(ref MessagePackReader reader, List<CheckResult> checks)
    {
        var count = reader.ReadMapHeader();
        for (var c = 0; c < count; c++)
        {
            var name = reader.ReadString() ?? "";
            reader.ReadArrayHeader();
            var level = (AlertLevel)reader.ReadByte();
            checks.Add(new CheckResult(name, level, reader.ReadString() ?? ""));
        }
    }
}
