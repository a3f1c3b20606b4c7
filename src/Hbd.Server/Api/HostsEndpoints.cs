using Hbd.Server.Hosts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hbd.Server.Api;

/// <summary>/api/hosts: the list, a page at a time; one host; forgetting a host.</summary>
public static class HostsEndpoints
{
    public static void MapHostsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/hosts", (HttpRequest request, HostRegistry registry, HostOsNames os) =>
            HostListQuery.TryParse(request.Query, out var query, out var error)
                ? new HostPageResult(HostPageSelector.Select(registry.All, query, os))
                : ApiResults.BadRequest(error));

        app.MapGet("/api/hosts/{name}", (string name, HostRegistry registry) =>
            registry.TryGet(name, out var entry)
                ? Results.Json(HostViews.Detail(entry), ApiJson.Default.HostDetailView)
                : ApiResults.NotFound($"no host named '{name}'"));

        app.MapDelete("/api/hosts/{name}", (string name, HttpContext http, HostRegistry registry) =>
            registry.Remove(name, WriteAccessFilter.Writer(http)) ? Results.NoContent() : ApiResults.NotFound($"no host named '{name}'"))
            .AddEndpointFilter<WriteAccessFilter>();
    }
}
