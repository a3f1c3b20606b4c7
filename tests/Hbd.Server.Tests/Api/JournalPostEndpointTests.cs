using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Hbd.Server.Tests.Api;

/// <summary>POST /api/journal over HTTP: a message journaled through the store writer, answered as committed.</summary>
public sealed class JournalPostEndpointTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_message_is_answered_201_with_the_entry_as_committed_and_read_back_the_same()
    {
        using var response = await Post("""{"host": "web1", "text": "deploying 4.2", "level": "warning"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var entry = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(["id", "time", "host", "kind", "level", "text"], entry.Select(p => p.Key));
        Assert.True((long)entry["id"]! > 0);
        Assert.Equal(("web1", "message", "warning", "deploying 4.2"),
            ((string?)entry["host"], (string?)entry["kind"], (string?)entry["level"], (string?)entry["text"]));
        var journal = await Journal("?kind=message");
        Assert.Equal(entry.ToJsonString(), Assert.Single(journal)!.ToJsonString());
    }

    [Fact]
    public async Task Host_and_level_may_be_left_out_and_the_host_need_not_be_known()
    {
        using var server = await Post("""{"text": "backup window starts"}""");
        using var unknownHost = await Post("""{"host": "never-seen", "text": "cron ran", "level": "OK"}""");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (server.StatusCode, unknownHost.StatusCode));
        var entries = await Journal("?kind=message");
        Assert.Equal(("never-seen", "ok"), ((string?)entries[0]!["host"], (string?)entries[0]!["level"]));
        Assert.Equal(((string?)null, (string?)null), ((string?)entries[1]!["host"], (string?)entries[1]!["level"]));
    }

    [Fact]
    public async Task Text_of_1024_characters_is_taken_even_when_each_is_two_utf16_units()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 1024));

        using var response = await Post(new JsonObject { ["text"] = text }.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(text, (string?)(await Journal("?kind=message"))[0]!["text"]);
    }

    [Theory]
    [InlineData("""{"host": "web1"}""", "text: ")]
    [InlineData("""{"text": ""}""", "text: ")]
    [InlineData("""{"text": "   "}""", "text: ")]
    [InlineData("""{"text": 42}""", "text: expected a string, found a number")]
    [InlineData("""{"text": "x", "level": "fine"}""", "level: 'fine' is not one of ok, warning, critical, unknown")]
    [InlineData("""{"text": "x", "level": 2}""", "level: expected a string")]
    [InlineData("""{"text": "x", "host": "web 1"}""", "host: not a valid host name")]
    [InlineData("""{"text": "x", "host": ".web1"}""", "host: not a valid host name")]
    [InlineData("""{"txt": "x"}""", "txt: not a field of this call")]
    [InlineData("""{"text": "\ud800"}""", "text: not valid text")]
    [InlineData("""{"text": "x", "text": "y"}""", "body: not valid JSON")]
    [InlineData("""["text"]""", "body: expected a JSON object, found a list")]
    [InlineData("""{"text": "x" """, "body: not valid JSON")]
    [InlineData("", "body: not valid JSON")]
    public async Task A_bad_body_is_a_400_naming_the_field(string body, string detail)
    {
        using var response = await Post(body);

        await ApiAssert.Error(response, HttpStatusCode.BadRequest, "bad_request", detail);
        Assert.Empty(await Journal("?kind=message"));
    }

    [Theory]
    [InlineData("invalid UTF-8 in a string", new byte[] { (byte)'{', (byte)'"', (byte)'t', (byte)'e', (byte)'x', (byte)'t', (byte)'"', (byte)':', (byte)'"', 0xff, 0xfe, (byte)'"', (byte)'}' })]
    [InlineData("a NUL byte outside a string", new byte[] { (byte)'{', 0, (byte)'}' })]
    [InlineData("a byte-order mark", new byte[] { 0xef, 0xbb, 0xbf, (byte)'{', (byte)'}' })]
    public async Task Bytes_that_are_not_json_text_are_a_400(string what, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _server.Http.PostAsync(new Uri("/api/journal", UriKind.Relative), content);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {await response.Content.ReadAsStringAsync()}");
        await ApiAssert.Error(response, HttpStatusCode.BadRequest, "bad_request", "");
    }

    [Fact]
    public async Task Text_over_1024_characters_is_a_400()
    {
        using var response = await Post(new JsonObject { ["text"] = new string('x', 1025) }.ToJsonString());

        await ApiAssert.Error(response, HttpStatusCode.BadRequest, "bad_request", "text: 1025 characters; at most 1024");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_16_KiB_is_a_413_with_or_without_a_content_length(bool chunked)
    {
        var body = new JsonObject { ["text"] = "x", ["pad"] = new string(' ', 16 * 1024) }.ToJsonString();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        if (chunked)
            content.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/journal", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await _server.Http.SendAsync(request);

        await ApiAssert.Error(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large", "at most 16384 bytes");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task A_body_that_is_not_json_is_a_415(string? contentType)
    {
        using var content = new ByteArrayContent("""{"text": "x"}"""u8.ToArray());
        if (contentType is not null)
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        using var response = await _server.Http.PostAsync(new Uri("/api/journal", UriKind.Relative), content);

        await ApiAssert.Error(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", "Content-Type: application/json");
    }

    [Fact]
    public async Task With_an_api_token_a_message_needs_it()
    {
        await using var guarded = await ApiServer.StartAsync(apiToken: "s3cret");
        using var without = await guarded.Http.PostAsync(new Uri("/api/journal", UriKind.Relative), Json("""{"text": "x"}"""));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/journal", UriKind.Relative)) { Content = Json("""{"text": "x"}""") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");

        using var with = await guarded.Http.SendAsync(request);

        await ApiAssert.Error(without, HttpStatusCode.Unauthorized, "unauthorized", "api_token");
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);
    }

    private async Task<HttpResponseMessage> Post(string body) =>
        await _server.Http.PostAsync(new Uri("/api/journal", UriKind.Relative), Json(body));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<JsonArray> Journal(string query)
    {
        using var response = await _server.Http.GetAsync(new Uri("/api/journal" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }
}
