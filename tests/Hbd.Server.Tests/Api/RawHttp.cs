using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Hbd.Server.Tests.Api;

/// <summary>
/// HTTP/1.1 written byte for byte over a TcpClient, for requests HttpClient would not send as they are
/// (oversized request lines and headers). Each request closes its connection.
/// </summary>
internal static class RawHttp
{
    public static async Task<RawResponse> SendAsync(int port, string requestLine, IEnumerable<string> headers)
    {
        var request = new StringBuilder(requestLine).Append("\r\n");
        foreach (var header in headers.Append("Connection: close"))
            request.Append(header).Append("\r\n");
        request.Append("\r\n");

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.Latin1.GetBytes(request.ToString()));
        }
        catch (IOException)
        {
            // The server may answer and close before reading all of an oversized request; its answer is still there.
        }
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received);
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the answer: the answer was read.
        }
        return RawResponse.Parse(received.ToArray());
    }
}

/// <summary>A parsed HTTP/1.1 response: status, headers (names lower-cased), body with any chunking undone.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? ContentType => Headers.GetValueOrDefault("content-type");

    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public static RawResponse Parse(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(end > 0, $"not an HTTP response: '{Encoding.Latin1.GetString(bytes)}'");
        var lines = Encoding.Latin1.GetString(bytes, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = bytes.AsSpan(end + 4);
        var text = headers.GetValueOrDefault("transfer-encoding") == "chunked" ? Dechunk(body) : Encoding.UTF8.GetString(body);
        return new RawResponse(status, headers, text);
    }

    private static string Dechunk(ReadOnlySpan<byte> chunked)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n"u8);
            var size = Convert.ToInt32(Encoding.Latin1.GetString(chunked[..lineEnd]).Split(';')[0], 16);
            if (size == 0)
                return Encoding.UTF8.GetString(body.ToArray());
            body.Write(chunked.Slice(lineEnd + 2, size));
            chunked = chunked[(lineEnd + 2 + size + 2)..];
        }
    }
}
