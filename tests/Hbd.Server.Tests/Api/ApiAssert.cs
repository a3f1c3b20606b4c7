using System.Net;
using System.Text.Json.Nodes;

namespace Hbd.Server.Tests.Api;

/// <summary>The API's error contract: the status, application/json, and exactly {error, detail}.</summary>
internal static class ApiAssert
{
    public static async Task Error(HttpResponseMessage response, HttpStatusCode status, string error, string detailMentions) =>
        Error((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(),
            (int)status, error, detailMentions);

    public static void Error(RawResponse response, int status, string error, string detailMentions) =>
        Error(response.Status, response.ContentType?.Split(';')[0], response.Body, status, error, detailMentions);

    private static void Error(int actualStatus, string? mediaType, string body, int status, string error, string detailMentions)
    {
        Assert.Equal(status, actualStatus);
        Assert.Equal("application/json", mediaType);
        var json = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(["error", "detail"], json.Select(p => p.Key));
        Assert.Equal(error, (string?)json["error"]);
        Assert.Contains(detailMentions, (string?)json["detail"], StringComparison.Ordinal);
    }
}
