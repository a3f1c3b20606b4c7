using System.Net;
using System.Text.Json.Nodes;
using Hbd.Server.Ui;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hbd.Server.Tests.Api;

/// <summary>GET /openapi.json describes exactly the calls the server maps: none missing, none made up.</summary>
public sealed class OpenApiEndpointTests : IAsyncLifetime
{
    private static readonly string[] OperationKeys = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_document_is_openapi_json_named_for_hbd()
    {
        using var response = await _server.Http.GetAsync(new Uri("/openapi.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("3.", (string?)document["openapi"], StringComparison.Ordinal);
        Assert.Equal("hbd", (string?)document["info"]!["title"]);
    }

    [Fact]
    public async Task Its_paths_and_methods_are_the_routes_of_the_server_both_ways()
    {
        var document = JsonNode.Parse(await _server.Http.GetStringAsync(new Uri("/openapi.json", UriKind.Relative)))!;

        var described = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(op => OperationKeys.Contains(op.Key)).Select(op => $"{op.Key.ToUpperInvariant()} {path.Key}"))
            .Order(StringComparer.Ordinal).ToList();
        // The dashboard's pages and files are routed too, but are no calls of the API.
        var routed = _server.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !UiEndpoints.PageRoutes.Append(UiEndpoints.AssetRoute).Contains(e.RoutePattern.RawText))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order(StringComparer.Ordinal).ToList();

        Assert.Equal(routed, described);
        Assert.Contains("POST /api/silences", described);
        Assert.Contains("GET /openapi.json", described);
    }

    [Fact]
    public async Task With_a_read_token_the_document_is_a_read_like_the_others()
    {
        await using var guarded = await ApiServer.StartAsync(readToken: "reader");

        using var response = await guarded.Http.GetAsync(new Uri("/openapi.json", UriKind.Relative));

        await ApiAssert.Error(response, HttpStatusCode.Unauthorized, "unauthorized", "read_token");
    }
}
