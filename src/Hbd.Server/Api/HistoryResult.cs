using System.Text.Json;
using Hbd.Server.History;
using Microsoft.AspNetCore.Http;

namespace Hbd.Server.Api;

/// <summary>
/// The history answer, written straight to the response: <c>{host, since, until, resolution, step, series: [{metric, unit,
/// points: [[t, min, avg, max], …]}]}</c> with t in Unix seconds; a point of nulls marks a gap where a line must break.
/// </summary>
public sealed class HistoryResult(string host, DateTimeOffset since, DateTimeOffset until, HistoryAnswer answer) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("host", host);
        json.WriteString("since", since.UtcDateTime.ToString(UtcTimeConverter.Format, System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("until", until.UtcDateTime.ToString(UtcTimeConverter.Format, System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("resolution", answer.Tier switch
        {
            HistoryTier.Raw => "raw",
            HistoryTier.Minute => "1m",
            _ => "15m",
        });
        if (answer.StepMs is { } step)
            json.WriteNumber("step", step / 1000.0);
        else
            json.WriteNull("step");
        json.WriteStartArray("series");
        foreach (var one in answer.Series)
        {
            json.WriteStartObject();
            json.WriteString("metric", one.Series.Key);
            if (MetricUnits.Of(one.Series.Group, one.Series.Metric) is { } unit)
                json.WriteString("unit", unit);
            else
                json.WriteNull("unit");
            json.WriteStartArray("points");
            foreach (var point in one.Points)
            {
                json.WriteStartArray();
                json.WriteNumberValue(point.TimeMs / 1000.0);
                if (point.IsGap)
                {
                    json.WriteNullValue();
                    json.WriteNullValue();
                    json.WriteNullValue();
                }
                else
                {
                    json.WriteNumberValue(DisplayNumbers.Shortest(point.Min));
                    json.WriteNumberValue(DisplayNumbers.Shortest(point.Avg));
                    json.WriteNumberValue(DisplayNumbers.Shortest(point.Max));
                }
                json.WriteEndArray();
                if (json.BytesPending > 16_384)
                    await json.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
    }
}
