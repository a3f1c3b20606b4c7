using Hbd.Server.Hosts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hbd.Server.Api;

/// <summary>/api/hosts: the list, one host, and forgetting a host.</summary>
public static class HostsEndpoints
{
    public static void MapHostsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/hosts", (HostRegistry registry) =>
        {
            IReadOnlyList<HostSummaryView> hosts = registry.All.Select(HostViews.Summary)
                .OrderBy(h => h.Name, StringComparer.OrdinalIgnoreCase).ToList();
            return Results.Json(hosts, ApiJson.Default.IReadOnlyListHostSummaryView);
        });

        app.MapGet("/api/hosts/{name}", (string name, HostRegistry registry) =>
            registry.TryGet(name, out var entry)
                ? Results.Json(HostViews.Detail(entry), ApiJson.Default.HostDetailView)
                : ApiResults.NotFound($"no host named '{name}'"));

        app.MapDelete("/api/hosts/{name}", (string name, HttpContext http, HostRegistry registry) =>
            registry.Remove(name, WriteAccessFilter.Writer(http)) ? Results.NoContent() : ApiResults.NotFound($"no host named '{name}'"))
            .AddEndpointFilter<WriteAccessFilter>();
    }
}
