using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hbd.Server.Tests.Api;

/// <summary>Errors raised by routing or by an exception, not by an endpoint, are JSON like every other API error.</summary>
public sealed class StatusCodeErrorsTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync(map: app =>
    {
        app.MapGet("/test/fails", string () => throw new InvalidOperationException("a secret detail"));
        app.MapGet("/test/body-too-large", string () => throw new BadHttpRequestException("Request body too large.", 413));
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/nosuch")]
    [InlineData("/api/nosuch")]
    [InlineData("/api/hosts/web1/nosuch")]
    public async Task Unknown_route_is_a_json_404(string path)
    {
        using var response = await _server.Http.GetAsync(new Uri(path, UriKind.Relative));

        await ApiAssert.Error(response, HttpStatusCode.NotFound, "not_found", path);
    }

    [Theory]
    [InlineData("POST", "/api/hosts", "GET")]
    [InlineData("PUT", "/api/hosts/web1", "DELETE, GET")]
    [InlineData("DELETE", "/api/status", "GET")]
    [InlineData("PUT", "/api/journal", "GET, POST")]
    [InlineData("PUT", "/api/silences", "GET, POST")]
    [InlineData("GET", "/api/silences/3", "DELETE")]
    [InlineData("DELETE", "/api/ping/cron1", "GET, POST")]
    [InlineData("POST", "/openapi.json", "GET")]
    public async Task Wrong_method_is_a_json_405_naming_the_allowed_ones(string method, string path, string allowed)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await _server.Http.SendAsync(request);

        await ApiAssert.Error(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed", $"{method} is not allowed on {path}");
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Unhandled_exception_is_a_json_500_that_keeps_its_message_in_the_log()
    {
        using var response = await _server.Http.GetAsync(new Uri("/test/fails", UriKind.Relative));

        await ApiAssert.Error(response, HttpStatusCode.InternalServerError, "internal_error", "log");
        Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kestrels_bad_request_keeps_its_status_as_json()
    {
        using var response = await _server.Http.GetAsync(new Uri("/test/body-too-large", UriKind.Relative));

        await ApiAssert.Error(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large", "Request body too large.");
    }
}
