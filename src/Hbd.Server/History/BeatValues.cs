using System.Text;
using Hbd.Common.Protocol;
using MessagePack;

namespace Hbd.Server.History;

/// <summary>
/// Reads the metrics of a stored body (key 6, docs/protocol.md §3.2) as (series id, value) pairs into a reused buffer,
/// naming each series through the catalog without making a string per metric: the history reads every beat of every host.
/// Bodies were accepted by the decoder before they were stored, so a body that still does not read stops the walk and
/// yields what was read.
/// </summary>
public sealed class BeatValues(SeriesCatalog catalog)
{
    private const int MaxKeyChars = 2 * 1_024 + 1;

    private int[] _ids = new int[64];
    private double[] _values = new double[64];

    public int Count { get; private set; }

    public ReadOnlySpan<int> Ids => _ids.AsSpan(0, Count);

    public ReadOnlySpan<double> Values => _values.AsSpan(0, Count);

    /// <summary>Reads <paramref name="body"/>'s metrics; false when it has none (or none could be read).</summary>
    public bool Read(ReadOnlyMemory<byte> body)
    {
        Count = 0;
        try
        {
            var reader = new MessagePackReader(body);
            var keys = reader.ReadMapHeader();
            for (var k = 0; k < keys; k++)
            {
                if (reader.ReadInt32() == WireFormat.KeyMetrics)
                {
                    ReadGroups(ref reader);
                    break;
                }
                reader.Skip();
            }
        }
        catch (MessagePackSerializationException)
        {
            // A body that does not read keeps what was read before the fault.
        }
        catch (EndOfStreamException)
        {
        }
        return Count > 0;
    }

    private void ReadGroups(ref MessagePackReader reader)
    {
        Span<char> key = stackalloc char[MaxKeyChars];
        var groups = reader.ReadMapHeader();
        for (var g = 0; g < groups; g++)
        {
            if (!reader.TryReadStringSpan(out var groupUtf8) || groupUtf8.Length > 1_024)
                return;
            var groupLength = Encoding.UTF8.GetChars(groupUtf8, key);
            key[groupLength] = '\0';
            var metrics = reader.ReadMapHeader();
            for (var m = 0; m < metrics; m++)
            {
                int metricLength;
                if (reader.NextMessagePackType == MessagePackType.Integer)
                {
                    var index = reader.ReadByte();
                    if (index == 0 || index >= WireFormat.WellKnownMetricNames.Length)
                        return;
                    var name = WireFormat.WellKnownMetricNames[index];
                    name.CopyTo(key[(groupLength + 1)..]);
                    metricLength = name.Length;
                }
                else if (reader.TryReadStringSpan(out var metricUtf8) && metricUtf8.Length <= 1_024)
                    metricLength = Encoding.UTF8.GetChars(metricUtf8, key[(groupLength + 1)..]);
                else
                    return;
                var value = ReadNumber(ref reader);
                var id = catalog.IdOf(key[..(groupLength + 1 + metricLength)]);
                if (id != 0 && double.IsFinite(value))
                    Add(id, value);
            }
        }
    }

    private void Add(int id, double value)
    {
        if (Count == _ids.Length)
        {
            Array.Resize(ref _ids, Count * 2);
            Array.Resize(ref _values, Count * 2);
        }
        _ids[Count] = id;
        _values[Count] = value;
        Count++;
    }

    private static double ReadNumber(ref MessagePackReader reader) =>
        reader.NextMessagePackType != MessagePackType.Integer ? reader.ReadDouble()
        : reader.NextCode == MessagePackCode.UInt64 ? reader.ReadUInt64()
        : reader.ReadInt64();
}
