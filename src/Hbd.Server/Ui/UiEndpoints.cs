using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hbd.Server.Ui;

/// <summary>
/// The dashboard: its files at <c>/assets/...</c>, and its page at <c>/</c> and at each of its views' paths, so that a
/// link such as a notification's <c>/hosts/NAME</c> opens the view it names. Open without read_token: the page holds no
/// data; the data comes over the feed and the API, which keep their guard. Any other path stays the API's JSON 404.
/// </summary>
public static class UiEndpoints
{
    /// <summary>The paths the browser routes itself (docs/ui.md).</summary>
    public static readonly string[] PageRoutes = ["/", "/hosts/{**name}", "/journal", "/silences", "/status"];

    /// <summary>The dashboard's scripts, styles and vendored libraries; a name not embedded is the API's JSON 404.</summary>
    public const string AssetRoute = "/assets/{**path}";

    /// <summary>Same-origin only, no inline script or style: text from heartbeats can never become code.</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "connect-src 'self' ws: wss:; frame-ancestors 'none'";

    /// <summary>Maps the page routes and the assets; needs <see cref="UiAssets"/> registered.</summary>
    public static void MapUi(this IEndpointRouteBuilder app)
    {
        foreach (var route in PageRoutes)
            app.MapMethods(route, [HttpMethods.Get, HttpMethods.Head], (HttpContext http, UiAssets assets) => Serve(http, assets.Index))
                .ExcludeFromDescription();
        app.MapMethods(AssetRoute, [HttpMethods.Get, HttpMethods.Head], (string path, HttpContext http, UiAssets assets) =>
                assets.Find(path) is { } asset ? Serve(http, asset) : Results.NotFound())
            .ExcludeFromDescription();
    }

    /// <summary>
    /// no-cache with an ETag: the browser asks each time and gets a 304 while the file is unchanged, so a new hbd is never
    /// shown with an old script. The files are small and few; hashed names would buy little.
    /// </summary>
    private static IResult Serve(HttpContext http, UiAsset asset)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        headers["Referrer-Policy"] = "no-referrer";
        if (http.Request.Headers.IfNoneMatch.Any(tag => tag == asset.ETag || tag == "*"))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
