using Hbd.Common.Protocol;
using Hbd.Server.Api;
using MessagePack;

namespace Hbd.Server.Hosts;

/// <summary>
/// The glance at a host's load that the host list shows: cpu use, memory use and the fullest disk of its latest beat, in
/// percent, each NaN where the beat has none. Read from the stored body without materialising the beat: every commit of a
/// host and every host restored at start reads one. The values are as they came (a float32 widened); the views show them
/// through <see cref="DisplayNumbers.Shortest"/>, which is dear enough to do only for what is shown.
/// </summary>
public readonly record struct HostLoad(double Cpu, double Memory, double Disk)
{
    public static readonly HostLoad None = new(double.NaN, double.NaN, double.NaN);

    private const byte Usage = 1, UsedPct = 10; // indexes in WireFormat.WellKnownMetricNames

    /// <summary>The load of a stored body (key 6, docs/protocol.md §3.2); what does not read counts as absent.</summary>
    public static HostLoad Read(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
            return None;
        double cpu = double.NaN, memory = double.NaN, disk = double.NaN;
        try
        {
            var reader = new MessagePackReader(body);
            var keys = reader.ReadMapHeader();
            for (var k = 0; k < keys; k++)
            {
                if (reader.ReadInt32() != WireFormat.KeyMetrics)
                {
                    reader.Skip();
                    continue;
                }
                var groups = reader.ReadMapHeader();
                for (var g = 0; g < groups; g++)
                {
                    if (!reader.TryReadStringSpan(out var group))
                        return None;
                    var kind = group.SequenceEqual("cpu"u8) ? Kind.Cpu
                        : group.SequenceEqual("memory"u8) ? Kind.Memory
                        : group.StartsWith("disk:"u8) ? Kind.Disk
                        : Kind.Other;
                    var metrics = reader.ReadMapHeader();
                    for (var m = 0; m < metrics; m++)
                    {
                        var wanted = kind switch
                        {
                            Kind.Cpu => IsMetric(ref reader, Usage, "usage"u8),
                            Kind.Memory or Kind.Disk => IsMetric(ref reader, UsedPct, "used_pct"u8),
                            _ => Skip(ref reader),
                        };
                        var value = ReadNumber(ref reader);
                        if (!wanted)
                            continue;
                        switch (kind)
                        {
                            case Kind.Cpu: cpu = value; break;
                            case Kind.Memory: memory = value; break;
                            default: disk = double.IsNaN(disk) || value > disk ? value : disk; break;
                        }
                    }
                }
                break;
            }
        }
        catch (MessagePackSerializationException)
        {
            // Bodies were accepted by the decoder before they were stored; one that still does not read keeps what was read.
        }
        catch (EndOfStreamException)
        {
        }
        return new HostLoad(cpu, memory, disk);
    }

    private enum Kind : byte { Other, Cpu, Memory, Disk }

    /// <summary>Reads a metric's name, sent as its index in the well-known names or as text, and says whether it is this one.</summary>
    private static bool IsMetric(ref MessagePackReader reader, byte index, ReadOnlySpan<byte> name) =>
        reader.NextMessagePackType == MessagePackType.Integer
            ? reader.ReadByte() == index
            : reader.TryReadStringSpan(out var text) && text.SequenceEqual(name);

    private static bool Skip(ref MessagePackReader reader)
    {
        reader.Skip();
        return false;
    }

    private static double ReadNumber(ref MessagePackReader reader) =>
        reader.NextMessagePackType != MessagePackType.Integer ? reader.ReadDouble()
        : reader.NextCode == MessagePackCode.UInt64 ? reader.ReadUInt64()
        : reader.ReadInt64();

    /// <summary>The values as the API and /metrics show them: absent as null, fractions with their float32's shortest digits.</summary>
    public double? CpuShown => Shown(Cpu);

    public double? MemoryShown => Shown(Memory);

    public double? DiskShown => Shown(Disk);

    private static double? Shown(double value) => double.IsNaN(value) ? null : DisplayNumbers.Shortest(value);
}
