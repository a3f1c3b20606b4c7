using System.Text;
using System.Text.Json;

namespace Hbd.Load;

/// <summary>The run's outcome, printed as hbload's last line: one JSON object starting with sent, seconds and rate.</summary>
internal sealed record LoadReport
{
    public long Sent { get; init; }
    public double Seconds { get; init; }
    public double TargetRate { get; init; }
    public int Hosts { get; init; }
    public int Threads { get; init; }
    public double Bytes { get; init; }
    public bool Signed { get; init; }
    public bool Offload { get; init; }
    public double Rounds { get; init; }
    public long Missed { get; init; }
    public long Refused { get; init; }
    public int DownHosts { get; init; }
    public DateTime? DownAt { get; init; }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("sent", Sent);
            json.WriteNumber("seconds", Math.Round(Seconds, 3));
            json.WriteNumber("rate", Seconds > 0 ? Math.Round(Sent / Seconds, 1) : 0);
            if (double.IsPositiveInfinity(TargetRate))
                json.WriteString("target_rate", "max");
            else
                json.WriteNumber("target_rate", TargetRate);
            json.WriteNumber("hosts", Hosts);
            json.WriteNumber("threads", Threads);
            json.WriteNumber("bytes", Math.Round(Bytes, 1));
            json.WriteBoolean("signed", Signed);
            // Sent with UDP segmentation offload: batches cut into datagrams at the receiving socket.
            json.WriteBoolean("offload", Offload);
            json.WriteNumber("rounds", Math.Round(Rounds, 2));
            // Turns the pace called for that the sender could not take in time: non-zero means hbload was the bottleneck.
            json.WriteNumber("missed", Missed);
            // "Port unreachable" reports: datagrams sent while nothing listened.
            json.WriteNumber("refused", Refused);
            json.WriteNumber("down_hosts", DownHosts);
            if (DownAt is { } downAt)
                json.WriteString("down_at", downAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
