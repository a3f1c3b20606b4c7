using System.Globalization;
using System.Text;
using System.Text.Json;
using Hbd.Common;
using Hbd.Common.Protocol;

namespace Hbd.Client.Cli;

/// <summary>hbc --print: the beat as JSON (for tools) or as text (for people).</summary>
internal static class BeatPrinter
{
    public static void Print(Heartbeat beat, int sizeBytes, string format, TextWriter output)
    {
        if (format == "json")
            output.WriteLine(Json(beat, sizeBytes));
        else
            output.Write(Text(beat, sizeBytes));
    }

    public static string Json(Heartbeat beat, int sizeBytes)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("host", beat.HostName);
            json.WriteString("run_id", beat.RunId.ToString("x16", CultureInfo.InvariantCulture));
            json.WriteNumber("sequence", beat.Sequence);
            json.WriteString("sent_at", beat.SentAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            json.WriteNumber("interval", beat.Interval.TotalSeconds);
            json.WriteString("level", AlertLevels.Name(beat.Level));
            json.WriteNumber("size_bytes", sizeBytes);
            json.WriteStartObject("metrics");
            foreach (var group in beat.Metrics)
            {
                json.WriteStartObject(group.Name);
                foreach (var metric in group.Values)
                {
                    json.WriteStartObject(metric.Name);
                    json.WriteNumber("value", metric.Value);
                    json.WriteString("level", AlertLevels.Name(metric.Level));
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteStartArray("checks");
            foreach (var check in beat.Checks)
            {
                json.WriteStartObject();
                json.WriteString("name", check.Name);
                json.WriteString("level", AlertLevels.Name(check.Level));
                json.WriteString("message", check.Message);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (beat.Inventory is not null)
            {
                json.WritePropertyName("inventory");
                WriteValue(json, beat.Inventory);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case int or long or uint or ulong or short or byte or double or float or decimal:
                json.WriteNumberValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case IReadOnlyDictionary<string, object?> map:
                json.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    json.WritePropertyName(key);
                    WriteValue(json, item);
                }
                json.WriteEndObject();
                break;
            case System.Collections.IEnumerable list:
                json.WriteStartArray();
                foreach (var item in list)
                    WriteValue(json, item);
                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    public static string Text(Heartbeat beat, int sizeBytes)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(inv, $"host {beat.HostName}  level {AlertLevels.Name(beat.Level)}  interval {beat.Interval.TotalSeconds}s  {sizeBytes} bytes\n");
        foreach (var group in beat.Metrics)
        {
            text.Append(inv, $"  {group.Name,-16}");
            foreach (var metric in group.Values)
            {
                text.Append(inv, $" {metric.Name}={metric.Value}");
                if (metric.Level != AlertLevel.Ok)
                    text.Append(inv, $"({AlertLevels.Name(metric.Level)})");
            }
            text.Append('\n');
        }
        foreach (var check in beat.Checks)
            text.Append(inv, $"  check {check.Name,-10} {AlertLevels.Name(check.Level).ToUpperInvariant(),-8} {check.Message}\n");
        foreach (var (section, value) in beat.Inventory ?? new Dictionary<string, object?>())
        {
            if (value is IReadOnlyDictionary<string, object?> map)
                foreach (var (key, item) in map)
                    text.Append(inv, $"  {section}.{key} = {Describe(item)}\n");
            else
                text.Append(inv, $"  {section} = {Describe(value)}\n");
        }
        return text.ToString();
    }

    private static string Describe(object? value) => value switch
    {
        null => "-",
        string s => s,
        IReadOnlyDictionary<string, object?> map => string.Join(" ", map.Select(p => $"{p.Key}={Describe(p.Value)}")),
        System.Collections.IEnumerable list => string.Join("", list.Cast<object?>().Select(item => $"\n      {Describe(item)}")),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
