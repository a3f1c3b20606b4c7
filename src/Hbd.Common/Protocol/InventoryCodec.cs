using System.Globalization;
using MessagePack;

namespace Hbd.Common.Protocol;

/// <summary>Inventory values: strings, numbers, booleans, null, lists and string-keyed maps, nested at most four deep.</summary>
internal static class InventoryCodec
{
    public static void WriteMap(ref MessagePackWriter writer, IReadOnlyDictionary<string, object?> map, int depth)
    {
        writer.WriteMapHeader(Math.Min(map.Count, WireFormat.MaxCollectionCount));
        foreach (var (key, value) in map.Take(WireFormat.MaxCollectionCount))
        {
            writer.Write(HeartbeatEncoder.Truncate(key));
            WriteValue(ref writer, value, depth + 1);
        }
    }

    private static void WriteValue(ref MessagePackWriter writer, object? value, int depth)
    {
        switch (value)
        {
            case null:
                writer.WriteNil();
                break;
            case string text:
                writer.Write(HeartbeatEncoder.Truncate(text));
                break;
            case bool flag:
                writer.Write(flag);
                break;
            case int or long or uint or ulong or short or ushort or byte or sbyte or double or float or decimal:
                HeartbeatEncoder.WriteNumber(ref writer, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset time:
                writer.Write(time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                break;
            case IReadOnlyDictionary<string, object?> map when depth < WireFormat.MaxInventoryDepth:
                WriteMap(ref writer, map, depth);
                break;
            case System.Collections.IEnumerable list when depth < WireFormat.MaxInventoryDepth:
                var items = list.Cast<object?>().Take(WireFormat.MaxCollectionCount).ToList();
                writer.WriteArrayHeader(items.Count);
                foreach (var item in items)
                    WriteValue(ref writer, item, depth + 1);
                break;
            default:
                writer.Write(HeartbeatEncoder.Truncate(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
                break;
        }
    }

    /// <summary>Reads a map the decoder has already validated.</summary>
    public static Dictionary<string, object?> ReadMap(ref MessagePackReader reader)
    {
        var count = reader.ReadMapHeader();
        var map = new Dictionary<string, object?>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString() ?? "";
            map[key] = ReadValue(ref reader);
        }
        return map;
    }

    private static object? ReadValue(ref MessagePackReader reader)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return null;
            case MessagePackType.Boolean:
                return reader.ReadBoolean();
            case MessagePackType.Integer:
                return reader.NextCode == MessagePackCode.UInt64 ? reader.ReadUInt64() : reader.ReadInt64();
            case MessagePackType.Float:
                return reader.ReadDouble();
            case MessagePackType.String:
                return reader.ReadString();
            case MessagePackType.Array:
                var count = reader.ReadArrayHeader();
                var list = new List<object?>(count);
                for (var i = 0; i < count; i++)
                    list.Add(ReadValue(ref reader));
                return list;
            case MessagePackType.Map:
                return ReadMap(ref reader);
            default:
                reader.Skip();
                return null;
        }
    }
}
