using Hbd.Server.Api;

namespace Hbd.Server.Tests.Api;

/// <summary>Oversized request lines and headers, sent raw: JSON 414 and 431 up to Kestrel's own, higher limits.</summary>
public sealed class RequestLimitsTests : IAsyncLifetime
{
    private const string Host = "Host: 127.0.0.1";
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Request_line_at_the_limit_is_served()
    {
        var response = await RawHttp.SendAsync(_server.Port, RequestLine(RequestLimits.MaxRequestLine), [Host]);

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task Request_line_one_byte_over_the_limit_is_a_json_414()
    {
        var response = await RawHttp.SendAsync(_server.Port, RequestLine(RequestLimits.MaxRequestLine + 1), [Host]);

        ApiAssert.Error(response, 414, "uri_too_long", $"{RequestLimits.MaxRequestLine + 1} bytes");
    }

    [Fact]
    public async Task Request_line_three_times_the_limit_is_a_json_414()
    {
        var response = await RawHttp.SendAsync(_server.Port, RequestLine(3 * RequestLimits.MaxRequestLine), [Host]);

        ApiAssert.Error(response, 414, "uri_too_long", $"at most {RequestLimits.MaxRequestLine}");
    }

    [Fact]
    public async Task Request_line_beyond_kestrels_limit_is_a_414_without_a_body()
    {
        var response = await RawHttp.SendAsync(_server.Port, RequestLine(5 * RequestLimits.MaxRequestLine), [Host]);

        Assert.Equal((414, ""), (response.Status, response.Body));
    }

    [Fact]
    public async Task Headers_at_the_limit_are_served()
    {
        var response = await RawHttp.SendAsync(_server.Port, "GET /healthz HTTP/1.1", Headers(RequestLimits.MaxHeadersTotal));

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task Headers_one_byte_over_the_limit_are_a_json_431()
    {
        var response = await RawHttp.SendAsync(_server.Port, "GET /healthz HTTP/1.1", Headers(RequestLimits.MaxHeadersTotal + 1));

        ApiAssert.Error(response, 431, "request_header_fields_too_large", $"{RequestLimits.MaxHeadersTotal + 1} bytes");
    }

    [Fact]
    public async Task Headers_three_times_the_limit_are_a_json_431()
    {
        var response = await RawHttp.SendAsync(_server.Port, "GET /api/hosts HTTP/1.1", Headers(3 * RequestLimits.MaxHeadersTotal));

        ApiAssert.Error(response, 431, "request_header_fields_too_large", $"at most {RequestLimits.MaxHeadersTotal}");
    }

    [Fact]
    public async Task Headers_beyond_kestrels_limit_are_a_431_without_a_body()
    {
        var response = await RawHttp.SendAsync(_server.Port, "GET /healthz HTTP/1.1", Headers(5 * RequestLimits.MaxHeadersTotal));

        Assert.Equal((431, ""), (response.Status, response.Body));
    }

    [Fact]
    public async Task As_many_header_lines_as_allowed_are_served()
    {
        var response = await RawHttp.SendAsync(_server.Port, "GET /healthz HTTP/1.1", HeaderLines(RequestLimits.MaxHeaderCount));

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task One_header_line_too_many_is_a_json_431()
    {
        var response = await RawHttp.SendAsync(_server.Port, "GET /healthz HTTP/1.1", HeaderLines(RequestLimits.MaxHeaderCount + 1));

        ApiAssert.Error(response, 431, "request_header_fields_too_large", $"{RequestLimits.MaxHeaderCount + 1} header lines");
    }

    /// <summary>A GET of /healthz whose request line, CRLF included, is <paramref name="size"/> bytes.</summary>
    private static string RequestLine(int size)
    {
        const string head = "GET /healthz?pad=";
        const string tail = " HTTP/1.1";
        return head + new string('a', size - head.Length - tail.Length - 2) + tail;
    }

    /// <summary>Host, a padding header and the Connection: close RawHttp adds: <paramref name="size"/> bytes of header lines.</summary>
    private static string[] Headers(int size)
    {
        const string connection = "Connection: close";
        const string pad = "X-Pad: ";
        var fixedBytes = Host.Length + 2 + connection.Length + 2 + pad.Length + 2;
        return [Host, pad + new string('p', size - fixedBytes)];
    }

    /// <summary><paramref name="count"/> header lines in all, with Host and the Connection: close RawHttp adds.</summary>
    private static string[] HeaderLines(int count) =>
        [Host, .. Enumerable.Range(0, count - 2).Select(i => $"X-Line-{i}: {i}")];
}
