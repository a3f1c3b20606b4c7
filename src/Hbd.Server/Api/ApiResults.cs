using Microsoft.AspNetCore.Http;

namespace Hbd.Server.Api;

/// <summary>JSON results through the source-generated context, and errors as {error, detail}.</summary>
public static class ApiResults
{
    public static IResult Error(int status, string error, string detail) =>
        Results.Json(new ErrorView(error, detail), ApiJson.Default.ErrorView, statusCode: status);

    public static IResult NotFound(string what) => Error(StatusCodes.Status404NotFound, "not_found", what);

    public static IResult BadRequest(string detail) => Error(StatusCodes.Status400BadRequest, "bad_request", detail);
}
