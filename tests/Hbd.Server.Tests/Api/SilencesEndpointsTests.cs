using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Hbd.Common;
using Hbd.Common.Protocol;
using Hbd.Server.Silences;
using Hbd.Server.Store;
using Hbd.Server.Tests.Hosts;

namespace Hbd.Server.Tests.Api;

/// <summary>/api/silences over HTTP, and each host's silenced_until.</summary>
public sealed class SilencesEndpointsTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_silence_is_answered_201_with_its_id_and_listed()
    {
        var before = DateTimeOffset.UtcNow;

        using var response = await Post("""{"hosts": ["web*", "db1"], "until": "2h", "comment": "kernel upgrade"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var silence = await Body(response);
        Assert.Equal(["id", "hosts", "until", "comment", "created_at", "created_by"], silence.Select(p => p.Key));
        Assert.True((long)silence["id"]! > 0);
        Assert.Equal(["web*", "db1"], silence["hosts"]!.AsArray().Select(h => (string?)h));
        Assert.Equal(("kernel upgrade", "127.0.0.1"), ((string?)silence["comment"], (string?)silence["created_by"]));
        var until = DateTimeOffset.Parse((string)silence["until"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(until, before.AddHours(2).AddMilliseconds(-1), DateTimeOffset.UtcNow.AddHours(2));
        Assert.EndsWith("Z", (string?)silence["until"], StringComparison.Ordinal);
        Assert.Equal(silence.ToJsonString(), Assert.Single(await List(""))!.ToJsonString());
    }

    [Fact]
    public async Task Until_may_be_a_time()
    {
        var until = DateTimeOffset.UtcNow.AddDays(1);
        var text = until.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await Post(new JsonObject { ["hosts"] = new JsonArray("web1"), ["until"] = text }.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var silence = await Body(response);
        Assert.Equal(text, (string?)silence["until"]);
        Assert.Null(silence["comment"]);
    }

    [Fact]
    public async Task The_same_silence_again_while_it_is_active_is_a_409()
    {
        var until = DateTimeOffset.UtcNow.AddHours(3).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var body = new JsonObject { ["hosts"] = new JsonArray("web*"), ["until"] = until, ["comment"] = "x" }.ToJsonString();
        using var first = await Post(body);
        var id = (long)(await Body(first))["id"]!;

        using var second = await Post(body);

        await ApiAssert.Error(second, HttpStatusCode.Conflict, "conflict", $"silence {id} is active with the same hosts, until and comment");
        Assert.Single(await List(""));
    }

    [Theory]
    [InlineData("""{"until": "2h"}""", "hosts: required")]
    [InlineData("""{"hosts": [], "until": "2h"}""", "hosts: required")]
    [InlineData("""{"hosts": "web*", "until": "2h"}""", "hosts: expected a list of strings, found a string")]
    [InlineData("""{"hosts": ["web*", 3], "until": "2h"}""", "hosts[1]: expected a string, found a number")]
    [InlineData("""{"hosts": ["web[12]"], "until": "2h"}""", "hosts[0]: 'web[12]' is not a host name pattern")]
    [InlineData("""{"hosts": [""], "until": "2h"}""", "hosts[0]: empty host name pattern")]
    [InlineData("""{"hosts": ["web*"]}""", "until: required")]
    [InlineData("""{"hosts": ["web*"], "until": "soon"}""", "until: 'soon' is neither an RFC 3339 time")]
    [InlineData("""{"hosts": ["web*"], "until": "2020-01-01T00:00:00Z"}""", "until: 2020-01-01T00:00:00Z is not in the future")]
    [InlineData("""{"hosts": ["web*"], "until": "0s"}""", "until: 0s is not in the future")]
    [InlineData("""{"hosts": ["web*"], "until": "400d"}""", "until: 400d is longer than 366 days")]
    [InlineData("""{"hosts": ["web*"], "until": 7200}""", "until: expected a string, found a number")]
    [InlineData("""{"hosts": ["\udc00"], "until": "2h"}""", "hosts[0]: not valid text")]
    [InlineData("""{"hosts": ["web*"], "until": "2h", "commment": "x"}""", "commment: not a field of this call")]
    [InlineData("""{"hosts": ["web*"], "until": "2h" """, "body: not valid JSON")]
    public async Task A_bad_silence_is_a_400_naming_the_field(string body, string detail)
    {
        using var response = await Post(body);

        await ApiAssert.Error(response, HttpStatusCode.BadRequest, "bad_request", detail);
        Assert.Empty(await List("?all=true"));
    }

    [Fact]
    public async Task A_silence_that_is_not_json_is_a_415_and_one_over_16_KiB_a_413()
    {
        using var text = await _server.Http.PostAsync(new Uri("/api/silences", UriKind.Relative), new StringContent("hosts=web*", Encoding.UTF8, "text/plain"));
        using var large = await Post(new JsonObject { ["hosts"] = new JsonArray("web*"), ["until"] = "2h", ["comment"] = new string('x', 17_000) }.ToJsonString());

        await ApiAssert.Error(text, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", "application/json");
        await ApiAssert.Error(large, HttpStatusCode.RequestEntityTooLarge, "payload_too_large", "16384");
    }

    [Fact]
    public async Task Expired_silences_are_listed_only_with_all_true()
    {
        var store = _server.Get<ISilenceStore>();
        var now = DateTimeOffset.UtcNow;
        await store.AddSilenceAsync(new Silence(0, ["old*"], now.AddMinutes(-5), null, now.AddHours(-1), "token"), now.AddHours(-1));
        using var response = await Post("""{"hosts": ["web*"], "until": "1h"}""");

        var active = await List("");
        var all = await List("?all=true");
        var allFalse = await List("?all=false");

        Assert.Equal(["web*"], active.Select(s => (string?)s!["hosts"]![0]));
        Assert.Equal(["web*", "old*"], all.Select(s => (string?)s!["hosts"]![0]));
        Assert.Equal(active.ToJsonString(), allFalse.ToJsonString());
    }

    [Fact]
    public async Task A_bad_all_is_a_400()
    {
        using var response = await _server.Http.GetAsync(new Uri("/api/silences?all=yes-please", UriKind.Relative));

        await ApiAssert.Error(response, HttpStatusCode.BadRequest, "bad_request", "all: expected true or false");
    }

    [Fact]
    public async Task Removing_a_silence_is_a_204_then_a_404_and_both_ends_are_journaled()
    {
        using var created = await Post("""{"hosts": ["web*"], "until": "2h", "comment": "deploy"}""");
        var id = (long)(await Body(created))["id"]!;

        using var removed = await _server.Http.DeleteAsync(new Uri($"/api/silences/{id}", UriKind.Relative));
        using var again = await _server.Http.DeleteAsync(new Uri($"/api/silences/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        await ApiAssert.Error(again, HttpStatusCode.NotFound, "not_found", $"no silence {id}");
        Assert.Empty(await List("?all=true"));
        var journal = await Journal();
        Assert.Equal(["silence_removed", "silence_added"], journal.Select(e => (string?)e!["kind"]));
        Assert.Equal($"silence {id} for web* removed by 127.0.0.1", (string?)journal[0]!["text"]);
        Assert.StartsWith($"silence {id} for web* until ", (string?)journal[1]!["text"], StringComparison.Ordinal);
        Assert.EndsWith(" by 127.0.0.1: deploy", (string?)journal[1]!["text"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("99999999999999999999")]
    public async Task Removing_a_silence_by_something_not_an_id_is_a_400(string id)
    {
        using var response = await _server.Http.DeleteAsync(new Uri($"/api/silences/{id}", UriKind.Relative));

        await ApiAssert.Error(response, HttpStatusCode.BadRequest, "bad_request", "id: expected a silence id");
    }

    [Fact]
    public async Task A_host_shows_until_when_it_is_silenced_and_null_when_not()
    {
        Beat("web1");
        Beat("db1");
        using var created = await Post("""{"hosts": ["WEB*"], "until": "2h"}""");
        var silence = await Body(created);

        var web1 = await Host("web1");
        var db1 = await Host("db1");

        Assert.Equal((string?)silence["until"], (string?)web1["silenced_until"]);
        Assert.True(db1.ContainsKey("silenced_until"));
        Assert.Null(db1["silenced_until"]);
        using var removed = await _server.Http.DeleteAsync(new Uri($"/api/silences/{silence["id"]}", UriKind.Relative));
        Assert.Null((await Host("web1"))["silenced_until"]);
    }

    [Fact]
    public async Task With_an_api_token_silences_are_made_and_removed_with_it_and_name_it()
    {
        await using var guarded = await ApiServer.StartAsync(apiToken: "s3cret");
        using var without = await guarded.Http.PostAsync(new Uri("/api/silences", UriKind.Relative), Json("""{"hosts": ["a"], "until": "1h"}"""));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/silences", UriKind.Relative)) { Content = Json("""{"hosts": ["a"], "until": "1h"}""") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        using var with = await guarded.Http.SendAsync(request);
        var id = (long)(await Body(with))["id"]!;
        using var deleteWithout = await guarded.Http.DeleteAsync(new Uri($"/api/silences/{id}", UriKind.Relative));

        await ApiAssert.Error(without, HttpStatusCode.Unauthorized, "unauthorized", "api_token");
        await ApiAssert.Error(deleteWithout, HttpStatusCode.Unauthorized, "unauthorized", "api_token");
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);
    }

    private async Task<HttpResponseMessage> Post(string body) =>
        await _server.Http.PostAsync(new Uri("/api/silences", UriKind.Relative), Json(body));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonObject> Body(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    private async Task<JsonArray> List(string query) => await GetArray("/api/silences" + query);

    private async Task<JsonArray> Journal() => await GetArray("/api/journal");

    private async Task<JsonArray> GetArray(string path)
    {
        using var response = await _server.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    private async Task<JsonObject> Host(string name)
    {
        using var response = await _server.Http.GetAsync(new Uri($"/api/hosts/{name}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Body(response);
    }

    private void Beat(string host)
    {
        var beat = new Heartbeat
        {
            HostName = host, RunId = 1, Sequence = 1, SentAt = DateTimeOffset.UtcNow, Interval = TimeSpan.FromSeconds(10), Level = AlertLevel.Ok,
        };
        Assert.Equal(Hbd.Server.Hosts.BeatOutcome.Accepted,
            _server.Registry.ApplyBeat(RegistryFixture.Frame(RegistryFixture.Datagram(beat)), RegistryFixture.Source(), checkClock: false));
        _server.Commit();
    }
}
