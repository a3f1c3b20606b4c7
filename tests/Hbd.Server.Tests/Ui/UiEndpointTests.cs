using System.Net;
using System.Net.Http.Headers;
using Hbd.Server.Tests.Api;
using Hbd.Server.Ui;

namespace Hbd.Server.Tests.Ui;

/// <summary>The dashboard's files as the real server serves them: paths, content types, security and cache headers.</summary>
public sealed class UiEndpointTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync(readToken: "reader");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/hosts/web1")]
    [InlineData("/journal")]
    [InlineData("/silences")]
    [InlineData("/status")]
    public async Task The_page_is_served_at_each_view_without_a_token(string path)
    {
        using var response = await _server.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"/assets/app.js\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        AssertSecurityHeaders(response);
    }

    [Theory]
    [InlineData("/assets/app.js", "text/javascript")]
    [InlineData("/assets/style.css", "text/css")]
    [InlineData("/assets/vendor/uPlot.esm.js", "text/javascript")]
    public async Task Assets_have_their_content_type(string path, string mediaType)
    {
        using var response = await _server.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task An_unchanged_file_is_a_304_for_its_etag()
    {
        using var first = await _server.Http.GetAsync(new Uri("/assets/app.js", UriKind.Relative));
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.True(first.Headers.CacheControl?.NoCache);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/assets/app.js");
        request.Headers.IfNoneMatch.Add(etag);
        using var again = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/assets/nothing.js")]
    [InlineData("/hostz")]
    [InlineData("/api/nothing")]
    public async Task Other_paths_stay_the_apis_json_404(string path)
    {
        using var response = await _server.Http.GetAsync(new Uri(path, UriKind.Relative));

        await ApiAssert.Error(response, HttpStatusCode.NotFound, "not_found", path);
    }

    [Fact]
    public async Task The_api_keeps_its_read_token_guard()
    {
        using var response = await _server.Http.GetAsync(new Uri("/api/hosts", UriKind.Relative));

        await ApiAssert.Error(response, HttpStatusCode.Unauthorized, "unauthorized", "read_token");
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal(UiEndpoints.ContentSecurityPolicy, Single(response.Headers, "Content-Security-Policy"));
        Assert.DoesNotContain("unsafe-inline", UiEndpoints.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Single(response.Headers, "X-Content-Type-Options"));
    }

    private static string Single(HttpResponseHeaders headers, string name) => Assert.Single(headers.GetValues(name));
}
